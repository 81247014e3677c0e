package io.chatrelay.demoagent;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the demo agent behaves.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free port
 * @param latency delay before every answer
 * @param jitter upper bound of an extra random delay added to {@code latency} per message
 * @param failureRate probability (0..1) that a message is answered with an error frame instead of a response
 * @param seed seeds the per-connection random source, so failures and jitter repeat from run to run
 */
public record DemoAgentConfig(
    int port, Duration latency, Duration jitter, double failureRate, long seed, String host) {

  public static final String ENV_HOST = "DEMO_AGENT_HOST";
  /** Loopback unless told otherwise: the demo agent has no authentication of its own. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public DemoAgentConfig(int port, Duration latency, Duration jitter, double failureRate, long seed) {
    this(port, latency, jitter, failureRate, seed, DEFAULT_HOST);
  }


  public static final String ENV_PORT = "DEMO_AGENT_PORT";
  public static final String ENV_LATENCY_MS = "DEMO_AGENT_LATENCY_MS";
  public static final String ENV_JITTER_MS = "DEMO_AGENT_JITTER_MS";
  public static final String ENV_FAILURE_RATE = "DEMO_AGENT_FAILURE_RATE";
  public static final String ENV_SEED = "DEMO_AGENT_SEED";

  public static final int DEFAULT_PORT = 8090;
  public static final Duration DEFAULT_LATENCY = Duration.ZERO;
  public static final Duration DEFAULT_JITTER = Duration.ZERO;
  public static final double DEFAULT_FAILURE_RATE = 0.0;
  public static final long DEFAULT_SEED = 42L;
  /** Longer configured delays are almost certainly a unit mistake (seconds typed as milliseconds twice over). */
  public static final Duration MAX_DELAY = Duration.ofMinutes(10);

  public DemoAgentConfig {
    Objects.requireNonNull(host, ENV_HOST);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(ENV_PORT + " must be from 0 to 65535, got " + port);
    }
    requireDelay(latency, ENV_LATENCY_MS);
    requireDelay(jitter, ENV_JITTER_MS);
    if (!(failureRate >= 0.0 && failureRate <= 1.0)) { // negated so that NaN is refused too
      throw new IllegalArgumentException(ENV_FAILURE_RATE + " must be from 0.0 to 1.0, got " + failureRate);
    }
  }

  /** All defaults: port 8090, no latency, no jitter, no failures. */
  public static DemoAgentConfig defaults() {
    return new DemoAgentConfig(DEFAULT_PORT, DEFAULT_LATENCY, DEFAULT_JITTER, DEFAULT_FAILURE_RATE, DEFAULT_SEED);
  }

  /** Reads the {@code DEMO_AGENT_*} variables; a missing or blank variable takes its default. */
  public static DemoAgentConfig fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return new DemoAgentConfig(
        (int) parseLong(env, ENV_PORT, DEFAULT_PORT),
        Duration.ofMillis(parseLong(env, ENV_LATENCY_MS, DEFAULT_LATENCY.toMillis())),
        Duration.ofMillis(parseLong(env, ENV_JITTER_MS, DEFAULT_JITTER.toMillis())),
        parseDouble(env, ENV_FAILURE_RATE, DEFAULT_FAILURE_RATE),
        parseLong(env, ENV_SEED, DEFAULT_SEED),
        env.getOrDefault(ENV_HOST, "").isBlank() ? DEFAULT_HOST : env.get(ENV_HOST).trim());
  }

  public DemoAgentConfig withPort(int newPort) {
    return new DemoAgentConfig(newPort, latency, jitter, failureRate, seed, host);
  }

  @Override
  public String toString() {
    return "DemoAgentConfig[port=" + port + ", latencyMs=" + latency.toMillis() + ", jitterMs=" + jitter.toMillis()
        + ", failureRate=" + failureRate + ", seed=" + seed + "]";
  }

  private static void requireDelay(Duration delay, String name) {
    Objects.requireNonNull(delay, name);
    if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          name + " must be from 0 to " + MAX_DELAY.toMillis() + " ms, got " + delay.toMillis());
    }
  }

  private static long parseLong(Map<String, String> env, String name, long fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      // The port is narrowed to int by the caller; refuse here what would wrap around.
      if (name.equals(ENV_PORT) && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
        throw new IllegalArgumentException(name + " must be from 0 to 65535, got '" + raw + "'");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'", e);
    }
  }

  private static double parseDouble(Map<String, String> env, String name, double fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number from 0.0 to 1.0, got '" + raw + "'", e);
    }
  }
}
