package io.chatrelay.connector;

import io.chatrelay.kit.EnvReader;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How far the connector trusts the agent link, read by {@link ConnectorConfig#fromEnv}. The agent is another
 * team's server reached over the network: its frames are bounded and rate-limited here, and in production the
 * link must be encrypted, because questions carry what people typed and the bearer token would travel with them.
 *
 * @param production {@code RELAY_MODE=production} (the default): a {@code ws://} agent URL is refused unless
 *     {@code allowPlaintext}; {@code dev} allows it
 * @param token {@code AI_AGENT_TOKEN}, sent as {@code Authorization: Bearer <token>} on every agent handshake;
 *     null when unset
 * @param allowPlaintext {@code AI_AGENT_ALLOW_PLAINTEXT}: production may use {@code ws://} (an agent on a private
 *     network the operator trusts)
 * @param maxFrameBytes {@code AGENT_MAX_FRAME_BYTES}: a text frame from the agent larger than this (UTF-8, all its
 *     fragments together) closes that socket and fails the question in flight
 * @param statusPerSecond {@code AGENT_STATUS_PER_SECOND}: status frames a session's agent may send per second;
 *     more are dropped
 * @param statusBurst {@code AGENT_STATUS_BURST}: status frames allowed at once before the rate applies
 * @param streamWindow {@code AGENT_STREAM_WINDOW_MS}: how long the connector gathers a streaming agent's deltas
 *     into one {@code AgentReplyChunk}; zero writes each delta as its own chunk
 */
public record AgentPolicy(boolean production, String token, boolean allowPlaintext, int maxFrameBytes,
    double statusPerSecond, int statusBurst, Duration streamWindow) {

  public static final String MODE_ENV = "RELAY_MODE";
  public static final String TOKEN_ENV = "AI_AGENT_TOKEN";
  public static final String ALLOW_PLAINTEXT_ENV = "AI_AGENT_ALLOW_PLAINTEXT";
  public static final String MAX_FRAME_ENV = "AGENT_MAX_FRAME_BYTES";
  public static final String STATUS_RATE_ENV = "AGENT_STATUS_PER_SECOND";
  public static final String STATUS_BURST_ENV = "AGENT_STATUS_BURST";
  public static final String STREAM_WINDOW_ENV = "AGENT_STREAM_WINDOW_MS";

  /** Like the edge: a deployment that forgets to say gets the safe behaviour. */
  public static final String DEFAULT_MODE = "production";
  /** The protocol's frames are a sentence or a few paragraphs; 64 KiB is far above any real answer. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  /** A "thinking" indicator needs at most one update a second; a small burst covers a status then an answer. */
  public static final double DEFAULT_STATUS_PER_SECOND = 1.0;
  public static final int DEFAULT_STATUS_BURST = 3;
  /**
   * Tokens come every 10-50 ms; 40 ms gathers a few per event, which keeps the log and every reader's work per
   * answer several times smaller while staying below what a reader notices as a stutter.
   */
  public static final Duration DEFAULT_STREAM_WINDOW = Duration.ofMillis(40);

  public AgentPolicy {
    if (token != null && (token.isBlank() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw EnvReader.invalid(TOKEN_ENV, "****", "must be visible ASCII without spaces");
    }
    if (maxFrameBytes < 1024) {
      throw EnvReader.invalid(MAX_FRAME_ENV, Integer.toString(maxFrameBytes), "must be at least 1024");
    }
    if (!(statusPerSecond > 0)) {
      throw EnvReader.invalid(STATUS_RATE_ENV, Double.toString(statusPerSecond), "must be positive");
    }
    if (statusBurst < 1) {
      throw EnvReader.invalid(STATUS_BURST_ENV, Integer.toString(statusBurst), "must be at least 1");
    }
    Objects.requireNonNull(streamWindow, STREAM_WINDOW_ENV);
    if (streamWindow.isNegative() || streamWindow.compareTo(Duration.ofSeconds(1)) > 0) {
      throw EnvReader.invalid(STREAM_WINDOW_ENV, Long.toString(streamWindow.toMillis()), "must be from 0 to 1000");
    }
  }

  public static AgentPolicy fromEnv(EnvReader r) {
    String token = r.string(TOKEN_ENV, null);
    return new AgentPolicy(
        parseMode(r.string(MODE_ENV, DEFAULT_MODE)),
        token == null || token.isEmpty() ? null : token,
        r.bool(ALLOW_PLAINTEXT_ENV, false),
        r.integer(MAX_FRAME_ENV, DEFAULT_MAX_FRAME_BYTES, 1024, 64 * 1024 * 1024),
        r.decimal(STATUS_RATE_ENV, DEFAULT_STATUS_PER_SECOND, 0.001, 1000),
        r.integer(STATUS_BURST_ENV, DEFAULT_STATUS_BURST, 1, 1000),
        Duration.ofMillis(r.integer(STREAM_WINDOW_ENV, (int) DEFAULT_STREAM_WINDOW.toMillis(), 0, 1000)));
  }

  /** Dev mode with the defaults: what tests and {@code ./relay dev} run with. */
  public static AgentPolicy dev() {
    return new AgentPolicy(false, null, false, DEFAULT_MAX_FRAME_BYTES, DEFAULT_STATUS_PER_SECOND,
        DEFAULT_STATUS_BURST, DEFAULT_STREAM_WINDOW);
  }

  public Optional<String> bearerToken() {
    return Optional.ofNullable(token);
  }

  /**
   * Refuses plain {@code ws://} endpoints in production unless the operator said otherwise; {@code urls} pairs
   * each endpoint with the variable that set it, so the message names it.
   */
  void requireEncrypted(Collection<Map.Entry<String, URI>> urls) {
    if (!production || allowPlaintext) {
      return;
    }
    for (var entry : urls) {
      if (!"wss".equalsIgnoreCase(entry.getValue().getScheme())) {
        throw new IllegalArgumentException(entry.getKey() + " must be a wss:// URL when " + MODE_ENV
            + "=production (set " + ALLOW_PLAINTEXT_ENV + "=true to allow ws:// on a network you trust)");
      }
    }
  }

  private static boolean parseMode(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "production" -> true;
      case "dev" -> false;
      default -> throw EnvReader.invalid(MODE_ENV, raw, "must be dev or production");
    };
  }

  /** Never shows the token, only whether there is one. */
  @Override
  public String toString() {
    return "mode=" + (production ? "production" : "dev") + ", agentToken=" + (token == null ? "unset" : "****")
        + ", allowPlaintext=" + allowPlaintext + ", maxFrameBytes=" + maxFrameBytes
        + ", statusPerSecond=" + statusPerSecond + ", statusBurst=" + statusBurst
        + ", streamWindowMs=" + streamWindow.toMillis();
  }
}
