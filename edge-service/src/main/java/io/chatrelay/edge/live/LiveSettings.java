package io.chatrelay.edge.live;

import io.chatrelay.kit.EnvReader;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the browser WebSocket behaves, and the message rate limits (per user, and per client address) it shares with
 * the REST API and the page.
 *
 * @param pingInterval {@code WS_PING_INTERVAL_MS}: how often the edge pings an open socket
 * @param idleTimeout {@code WS_IDLE_TIMEOUT_MS}: a socket that sent nothing (not even a pong) for this long is closed
 *     with 1001; longer than the ping interval, so a live browser always answers in time
 * @param maxQueuedBytes {@code WS_MAX_QUEUED_BYTES}: frames waiting to go out to one socket; a browser that stops
 *     reading past this is closed with 1013 and resumes later with {@code lastSeq}
 * @param maxConnections {@code WS_MAX_CONNECTIONS}: open sockets per edge instance; more handshakes get 503
 * @param messagesPerSecond {@code RATE_LIMIT_MESSAGES_PER_SECOND}: the sustained message rate per user
 * @param burst {@code RATE_LIMIT_BURST}: messages a user may send at once before the rate applies
 * @param ipMessagesPerSecond {@code RATE_LIMIT_IP_MESSAGES_PER_SECOND}: the sustained message rate per client
 *     address, whichever users send them (guests are free to mint, addresses are not)
 * @param ipBurst {@code RATE_LIMIT_IP_BURST}: messages one address may send at once before its rate applies
 * @param maxConnectionsPerUser {@code WS_MAX_CONNECTIONS_PER_USER}: open sockets per user on this instance
 * @param maxConnectionsPerIp {@code WS_MAX_CONNECTIONS_PER_IP}: open sockets per client address on this instance
 * @param feedReleaseIdle {@code EDGE_FEED_RELEASE_IDLE_MS}: the live feed stops reading a partition of the log once
 *     no socket of this instance needed it for this long; a socket that comes back later waits for one assignment
 */
public record LiveSettings(Duration pingInterval, Duration idleTimeout, int maxQueuedBytes, int maxConnections,
    double messagesPerSecond, int burst, double ipMessagesPerSecond, int ipBurst, int maxConnectionsPerUser,
    int maxConnectionsPerIp, Duration feedReleaseIdle) {

  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
  public static final int DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 50_000;
  public static final double DEFAULT_MESSAGES_PER_SECOND = 5;
  public static final int DEFAULT_BURST = 20;
  /** Ten busy users' worth: an office behind one NAT address does not reach it in normal use. */
  public static final double DEFAULT_IP_MESSAGES_PER_SECOND = 50;
  public static final int DEFAULT_IP_BURST = 200;
  /** Many tabs of one person, far below what one user could otherwise hold of the instance. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_USER = 50;
  /** A large office behind one NAT address, two tabs each; 25 addresses cannot fill the instance. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 2_000;
  /**
   * Long enough that a browser reloading a page, or sockets of one busy partition coming and going, keep it
   * followed; short enough that an instance whose sockets moved elsewhere soon stops fetching their traffic.
   */
  public static final Duration DEFAULT_FEED_RELEASE_IDLE = Duration.ofSeconds(60);
  /** The largest frame a client may send; a larger one closes the socket with 1009. */
  public static final int MAX_CLIENT_FRAME_BYTES = 16 * 1024;

  public LiveSettings {
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(feedReleaseIdle, "feedReleaseIdle");
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
    if (!(ipMessagesPerSecond > 0)) {
      throw EnvReader.invalid("RATE_LIMIT_IP_MESSAGES_PER_SECOND", Double.toString(ipMessagesPerSecond),
          "must be positive");
    }
    if (ipBurst < 1) {
      throw EnvReader.invalid("RATE_LIMIT_IP_BURST", Integer.toString(ipBurst), "must be at least 1");
    }
    if (maxConnectionsPerUser < 1) {
      throw EnvReader.invalid("WS_MAX_CONNECTIONS_PER_USER", Integer.toString(maxConnectionsPerUser),
          "must be at least 1");
    }
    if (maxConnectionsPerIp < 1) {
      throw EnvReader.invalid("WS_MAX_CONNECTIONS_PER_IP", Integer.toString(maxConnectionsPerIp),
          "must be at least 1");
    }
    if (feedReleaseIdle.isNegative()) {
      throw EnvReader.invalid("EDGE_FEED_RELEASE_IDLE_MS", Long.toString(feedReleaseIdle.toMillis()),
          "must not be negative");
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
        r.integer("RATE_LIMIT_BURST", DEFAULT_BURST, 1, 1_000_000),
        r.decimal("RATE_LIMIT_IP_MESSAGES_PER_SECOND", DEFAULT_IP_MESSAGES_PER_SECOND, 0.001, 1_000_000),
        r.integer("RATE_LIMIT_IP_BURST", DEFAULT_IP_BURST, 1, 1_000_000),
        r.integer("WS_MAX_CONNECTIONS_PER_USER", DEFAULT_MAX_CONNECTIONS_PER_USER, 1, 10_000_000),
        r.integer("WS_MAX_CONNECTIONS_PER_IP", DEFAULT_MAX_CONNECTIONS_PER_IP, 1, 10_000_000),
        r.millis("EDGE_FEED_RELEASE_IDLE_MS", DEFAULT_FEED_RELEASE_IDLE, Duration.ZERO, Duration.ofDays(1)));
  }

  @Override
  public String toString() {
    return "LiveSettings[ping=" + pingInterval.toMillis() + "ms, idle=" + idleTimeout.toMillis() + "ms, maxQueuedBytes="
        + maxQueuedBytes + ", maxConnections=" + maxConnections + ", maxPerUser=" + maxConnectionsPerUser
        + ", maxPerIp=" + maxConnectionsPerIp + ", rate=" + messagesPerSecond + "/s, burst=" + burst
        + ", ipRate=" + ipMessagesPerSecond + "/s, ipBurst=" + ipBurst + ", feedReleaseIdle="
        + feedReleaseIdle.toMillis() + "ms]";
  }
}
