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
 * @param tokensPerSecond 0: every answer is one {@code response} frame; N: answers are streamed as
 *     {@code response.delta} frames at N tokens a second before the {@code response}
 */
public record DemoAgentConfig(
    int port, Duration latency, Duration jitter, double failureRate, long seed, String host, int tokensPerSecond) {

  public static final String ENV_HOST = "DEMO_AGENT_HOST";
  /** Loopback unless told otherwise: the demo agent has no authentication of its own. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public DemoAgentConfig(int port, Duration latency, Duration jitter, double failureRate, long seed) {
    this(port, latency, jitter, failureRate, seed, DEFAULT_HOST);
  }

  public DemoAgentConfig(int port, Duration latency, Duration jitter, double failureRate, long seed, String host) {
    this(port, latency, jitter, failureRate, seed, host, DEFAULT_TOKENS_PER_SECOND);
  }

  public static final String ENV_PORT = "DEMO_AGENT_PORT";
  public static final String ENV_LATENCY_MS = "DEMO_AGENT_LATENCY_MS";
  public static final String ENV_JITTER_MS = "DEMO_AGENT_JITTER_MS";
  public static final String ENV_FAILURE_RATE = "DEMO_AGENT_FAILURE_RATE";
  public static final String ENV_SEED = "DEMO_AGENT_SEED";
  public static final String ENV_TOKENS_PER_SECOND = "DEMO_AGENT_TOKENS_PER_SECOND";

  public static final int DEFAULT_PORT = 8090;
  public static final Duration DEFAULT_LATENCY = Duration.ZERO;
  public static final Duration DEFAULT_JITTER = Duration.ZERO;
  public static final double DEFAULT_FAILURE_RATE = 0.0;
  public static final long DEFAULT_SEED = 42L;
  /** No streaming unless asked for: clients that predate {@code response.delta} see exactly what they always saw. */
  public static final int DEFAULT_TOKENS_PER_SECOND = 0;
  /** Far above any model's output rate; beyond it a demo would only measure the scheduler. */
  public static final int MAX_TOKENS_PER_SECOND = 10_000;
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
    if (tokensPerSecond < 0 || tokensPerSecond > MAX_TOKENS_PER_SECOND) {
      throw new IllegalArgumentException(ENV_TOKENS_PER_SECOND + " must be from 0 to " + MAX_TOKENS_PER_SECOND
          + ", got " + tokensPerSecond);
    }
  }

  /** All defaults: port 8090, no latency, no jitter, no failures, no streaming. */
  public static DemoAgentConfig defaults() {
    return new DemoAgentConfig(DEFAULT_PORT, DEFAULT_LATENCY, DEFAULT_JITTER, DEFAULT_FAILURE_RATE, DEFAULT_SEED);
  }

  /** Reads the {@code DEMO_AGENT_*} variables; a missing or blank variable takes its default. */
  public static DemoAgentConfig fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return new DemoAgentConfig(
        parseInt(env, ENV_PORT, DEFAULT_PORT, 65_535),
        Duration.ofMillis(parseLong(env, ENV_LATENCY_MS, DEFAULT_LATENCY.toMillis())),
        Duration.ofMillis(parseLong(env, ENV_JITTER_MS, DEFAULT_JITTER.toMillis())),
        parseDouble(env, ENV_FAILURE_RATE, DEFAULT_FAILURE_RATE),
        parseLong(env, ENV_SEED, DEFAULT_SEED),
        env.getOrDefault(ENV_HOST, "").isBlank() ? DEFAULT_HOST : env.get(ENV_HOST).trim(),
        parseInt(env, ENV_TOKENS_PER_SECOND, DEFAULT_TOKENS_PER_SECOND, MAX_TOKENS_PER_SECOND));
  }

  public DemoAgentConfig withPort(int newPort) {
    return new DemoAgentConfig(newPort, latency, jitter, failureRate, seed, host, tokensPerSecond);
  }

  public DemoAgentConfig withTokensPerSecond(int newTokensPerSecond) {
    return new DemoAgentConfig(port, latency, jitter, failureRate, seed, host, newTokensPerSecond);
  }

  @Override
  public String toString() {
    return "DemoAgentConfig[port=" + port + ", latencyMs=" + latency.toMillis() + ", jitterMs=" + jitter.toMillis()
        + ", failureRate=" + failureRate + ", seed=" + seed + ", tokensPerSecond=" + tokensPerSecond + "]";
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
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'", e);
    }
  }

  /** Refuses here what would wrap around when narrowed to int; the constructor checks the range itself. */
  private static int parseInt(Map<String, String> env, String name, int fallback, int max) {
    long value = parseLong(env, name, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be from 0 to " + max + ", got '" + env.get(name) + "'");
    }
    return (int) value;
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
