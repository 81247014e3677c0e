package io.chatrelay.edge.live;

import io.chatrelay.kit.EnvReader;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the browser WebSocket behaves, and the per-user message rate limit it shares with the REST API.
 *
 * @param pingInterval {@code WS_PING_INTERVAL_MS}: how often the edge pings an open socket
 * @param idleTimeout {@code WS_IDLE_TIMEOUT_MS}: a socket that sent nothing (not even a pong) for this long is closed
 *     with 1001; longer than the ping interval, so a live browser always answers in time
 * @param maxQueuedBytes {@code WS_MAX_QUEUED_BYTES}: frames waiting to go out to one socket; a browser that stops
 *     reading past this is closed with 1013 and resumes later with {@code lastSeq}
 * @param maxConnections {@code WS_MAX_CONNECTIONS}: open sockets per edge instance; more handshakes get 503
 * @param messagesPerSecond {@code RATE_LIMIT_MESSAGES_PER_SECOND}: the sustained message rate per user
 * @param burst {@code RATE_LIMIT_BURST}: messages a user may send at once before the rate applies
 */
public record LiveSettings(Duration pingInterval, Duration idleTimeout, int maxQueuedBytes, int maxConnections,
    double messagesPerSecond, int burst) {

  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
  public static final int DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 50_000;
  public static final double DEFAULT_MESSAGES_PER_SECOND = 5;
  public static final int DEFAULT_BURST = 20;
  /** The largest frame a client may send; a larger one closes the socket with 1009. */
  public static final int MAX_CLIENT_FRAME_BYTES = 16 * 1024;

  public LiveSettings {
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw EnvReader.invalid("WS_PING_INTERVAL_MS", Long.toString(pingInterval.toMillis()), "must be positive");
    }
    if (idleTimeout.compareTo(pingInterval) <= 0) {
      throw EnvReader.invalid("WS_IDLE_TIMEOUT_MS", Long.toString(idleTimeout.toMillis()),
          "must be longer than WS_PING_INTERVAL_MS (" + pingInterval.toMillis() + ")");
    }
    if (maxQueuedBytes < MAX_CLIENT_FRAME_BYTES) {
      throw EnvReader.invalid("WS_MAX_QUEUED_BYTES", Integer.toString(maxQueuedBytes),
          "must be at least " + MAX_CLIENT_FRAME_BYTES);
    }
    if (maxConnections < 1) {
      throw EnvReader.invalid("WS_MAX_CONNECTIONS", Integer.toString(maxConnections), "must be at least 1");
    }
    if (!(messagesPerSecond > 0)) {
      throw EnvReader.invalid("RATE_LIMIT_MESSAGES_PER_SECOND", Double.toString(messagesPerSecond),
          "must be positive");
    }
    if (burst < 1) {
      throw EnvReader.invalid("RATE_LIMIT_BURST", Integer.toString(burst), "must be at least 1");
    }
  }

  public static LiveSettings defaults() {
    return fromEnv(Map.of());
  }

  public static LiveSettings fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new LiveSettings(
        r.millis("WS_PING_INTERVAL_MS", DEFAULT_PING_INTERVAL, Duration.ofMillis(50), Duration.ofHours(1)),
        r.millis("WS_IDLE_TIMEOUT_MS", DEFAULT_IDLE_TIMEOUT, Duration.ofMillis(100), Duration.ofDays(1)),
        r.integer("WS_MAX_QUEUED_BYTES", DEFAULT_MAX_QUEUED_BYTES, MAX_CLIENT_FRAME_BYTES, 1 << 30),
        r.integer("WS_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS, 1, 10_000_000),
        r.decimal("RATE_LIMIT_MESSAGES_PER_SECOND", DEFAULT_MESSAGES_PER_SECOND, 0.001, 1_000_000),
        r.integer("RATE_LIMIT_BURST", DEFAULT_BURST, 1, 1_000_000));
  }

  @Override
  public String toString() {
    return "LiveSettings[ping=" + pingInterval.toMillis() + "ms, idle=" + idleTimeout.toMillis() + "ms, maxQueuedBytes="
        + maxQueuedBytes + ", maxConnections=" + maxConnections + ", rate=" + messagesPerSecond + "/s, burst=" + burst
        + "]";
  }
}
