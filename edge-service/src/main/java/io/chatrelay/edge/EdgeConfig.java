package io.chatrelay.edge;

import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.events.AgentType;
import io.chatrelay.kit.EnvReader;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisEndpoint;
import io.chatrelay.views.redis.SessionExpiry;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the edge is configured with, read from the environment.
 *
 * @param mode {@code RELAY_MODE}: {@code dev} lets a client pick its user id; {@code production} never does
 * @param httpHost {@code HTTP_HOST}
 * @param httpPort {@code HTTP_PORT}; 0 picks a free port
 * @param workerThreads {@code HTTP_WORKER_THREADS}: Undertow worker threads (blocking Redis reads run there); the
 *     Redis pool is sized to match
 * @param redisUrl {@code REDIS_URL}
 * @param viewPrefix {@code VIEW_PREFIX}: the key prefix of the projector's views
 * @param signIn the session cookie, the auth proxy and the origins ({@link SignInSettings})
 * @param defaultAgentType {@code DEFAULT_AGENT_TYPE}: persona of a session created without one
 * @param readYourWritesTimeout {@code READ_YOUR_WRITES_TIMEOUT_MS}: longest a write waits for the views to show it
 * @param readyMaxProjectionLag {@code READY_MAX_PROJECTION_LAG}: events the views may be behind the log while the
 *     edge still reports ready
 * @param kafka the {@code KAFKA_*} settings
 * @param live the browser WebSocket ({@code WS_*}) and the message rate limits ({@code RATE_LIMIT_*MESSAGES*})
 * @param limits what one address or user may mint: sign-ins, sessions, restores ({@link AbuseLimits})
 * @param opsHost {@code EDGE_OPS_HOST}: interface of {@code /health/ready} and {@code /metrics}
 * @param opsPort {@code EDGE_OPS_PORT}: their port; 0 picks a free one
 * @param sessionTtl {@code VIEW_SESSION_TTL_SECONDS}: how long a session restored from the log stays in Redis (zero:
 *     until deleted); the same value the projector has
 */
public record EdgeConfig(
    Mode mode, String httpHost, int httpPort, int workerThreads, URI redisUrl, String viewPrefix,
    SignInSettings signIn, AgentType defaultAgentType, Duration readYourWritesTimeout, long readyMaxProjectionLag,
    KafkaSettings kafka, LiveSettings live, AbuseLimits limits, String opsHost, int opsPort, Duration sessionTtl) {

  /** How far the edge trusts the client about who it is. */
  public enum Mode {
    DEV, PRODUCTION;

    static Mode parse(String raw) {
      return switch (raw.toLowerCase(Locale.ROOT)) {
        case "dev" -> DEV;
        case "production" -> PRODUCTION;
        default -> throw EnvReader.invalid(MODE_ENV, raw, "must be dev or production");
      };
    }
  }

  public static final String MODE_ENV = "RELAY_MODE";
  /** Production unless told otherwise: forgetting the variable must never let clients choose who they are. */
  public static final String DEFAULT_MODE = "production";
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_WORKER_THREADS = 16;
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  public static final AgentType DEFAULT_AGENT_TYPE = AgentType.BankRep;
  public static final Duration DEFAULT_READ_YOUR_WRITES_TIMEOUT = Duration.ofMillis(5000);
  public static final long DEFAULT_READY_MAX_PROJECTION_LAG = 1000;
  /**
   * The per-address limits raised out of reach, for where every client comes from one address (dev mode, tests and
   * benchmarks on one machine) and they would count everyone as one client. The per-user limits stay.
   */
  public static final Map<String, String> ONE_ADDRESS_LIMITS = Map.of(
      "RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE", "1000000",
      "RATE_LIMIT_SESSIONS_PER_IP_PER_MINUTE", "1000000",
      "RATE_LIMIT_IP_MESSAGES_PER_SECOND", "1000000",
      "RATE_LIMIT_IP_BURST", "1000000",
      "WS_MAX_CONNECTIONS_PER_IP", "10000000");
  public static final String OPS_HOST_ENV = "EDGE_OPS_HOST";
  public static final String OPS_PORT_ENV = "EDGE_OPS_PORT";
  /**
   * Loopback: readiness and metrics describe the inside of the service (lag, traffic, heap) and are no business of
   * the browsers the public port serves. A deployment whose probes or scraper come from outside the host (another
   * container) sets {@code EDGE_OPS_HOST=0.0.0.0} and keeps the port off the public network.
   */
  public static final String DEFAULT_OPS_HOST = "127.0.0.1";
  /** Beside the public 8080; the projector has 8082, the connector 8083. */
  public static final int DEFAULT_OPS_PORT = 8081;

  public EdgeConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(sessionTtl, "sessionTtl");
    Objects.requireNonNull(viewPrefix, "viewPrefix");
    Objects.requireNonNull(signIn, "signIn");
    Objects.requireNonNull(defaultAgentType, "defaultAgentType");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(limits, "limits");
    requireRange("HTTP_PORT", httpPort, 0, 65_535);
    requireRange("HTTP_WORKER_THREADS", workerThreads, 1, 512);
    requireRedisUrl(redisUrl);
    requireNotNegative("READ_YOUR_WRITES_TIMEOUT_MS", readYourWritesTimeout);
    if (readyMaxProjectionLag < 0) {
      throw EnvReader.invalid("READY_MAX_PROJECTION_LAG", Long.toString(readyMaxProjectionLag), "must be >= 0");
    }
    IdentityRules.requireSecret(mode, signIn.sessionSecret());
    IdentityRules.requireProductionTransport(mode, signIn.cookieSecure(), signIn.allowInsecureCookie(),
        signIn.publicOrigin());
    if (opsHost == null || opsHost.isBlank()) {
      throw EnvReader.invalid(OPS_HOST_ENV, String.valueOf(opsHost), "must not be blank");
    }
    requireRange(OPS_PORT_ENV, opsPort, 0, 65_535);
  }

  public static EdgeConfig fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new EdgeConfig(
        Mode.parse(r.string(MODE_ENV, DEFAULT_MODE)),
        r.string("HTTP_HOST", DEFAULT_HTTP_HOST),
        r.integer("HTTP_PORT", DEFAULT_HTTP_PORT, 0, 65_535),
        r.integer("HTTP_WORKER_THREADS", DEFAULT_WORKER_THREADS, 1, 512),
        parseRedisUrl(r.string("REDIS_URL", DEFAULT_REDIS_URL)),
        r.string("VIEW_PREFIX", ViewKeys.DEFAULT_PREFIX),
        SignInSettings.fromEnv(env),
        parseAgentType(r.string("DEFAULT_AGENT_TYPE", DEFAULT_AGENT_TYPE.name())),
        r.millis("READ_YOUR_WRITES_TIMEOUT_MS", DEFAULT_READ_YOUR_WRITES_TIMEOUT, Duration.ZERO,
            Duration.ofMinutes(1)),
        r.integer("READY_MAX_PROJECTION_LAG", (int) DEFAULT_READY_MAX_PROJECTION_LAG, 0, Integer.MAX_VALUE),
        KafkaSettings.fromEnv(env),
        LiveSettings.fromEnv(env),
        AbuseLimits.fromEnv(env),
        r.string(OPS_HOST_ENV, DEFAULT_OPS_HOST),
        r.integer(OPS_PORT_ENV, DEFAULT_OPS_PORT, 0, 65_535),
        SessionExpiry.ttlFromEnv(r));
  }

  public ViewKeys viewKeys() {
    return new ViewKeys(viewPrefix);
  }

  public boolean devMode() {
    return mode == Mode.DEV;
  }

  /**
   * The edge's own origins: {@code PUBLIC_ORIGIN}, or in dev without it the listen address and {@code localhost},
   * both on {@code boundPort} (the port the listener got, which differs from {@code HTTP_PORT} when that is 0).
   */
  public List<String> ownOrigins(int boundPort) {
    return signIn.publicOrigin().map(List::of).orElseGet(() -> List.of(
        "http://" + httpHost.toLowerCase(Locale.ROOT) + ":" + boundPort, "http://localhost:" + boundPort));
  }

  public EdgeConfig withHttpPort(int port) {
    return new EdgeConfig(mode, httpHost, port, workerThreads, redisUrl, viewPrefix, signIn, defaultAgentType,
        readYourWritesTimeout, readyMaxProjectionLag, kafka, live, limits, opsHost, opsPort, sessionTtl);
  }

  public EdgeConfig withOpsPort(int port) {
    return new EdgeConfig(mode, httpHost, httpPort, workerThreads, redisUrl, viewPrefix, signIn, defaultAgentType,
        readYourWritesTimeout, readyMaxProjectionLag, kafka, live, limits, opsHost, port, sessionTtl);
  }

  @Override
  public String toString() {
    return "EdgeConfig[mode=" + mode + ", http=" + httpHost + ":" + httpPort + ", workerThreads=" + workerThreads
        + ", redisUrl=" + maskedRedisUrl() + ", viewPrefix=" + viewPrefix + ", " + signIn
        + ", defaultAgentType=" + defaultAgentType + ", readYourWritesTimeout=" + readYourWritesTimeout
        + ", readyMaxProjectionLag=" + readyMaxProjectionLag + ", kafka=" + kafka.bootstrapServers()
        + ", live=" + live + ", limits=" + limits + ", ops=" + opsHost + ":" + opsPort + "]";
  }

  private String maskedRedisUrl() {
    // A Redis URL may carry a password (redis://user:pass@host): never print it.
    return RedisEndpoint.mask(redisUrl.toString());
  }

  private static AgentType parseAgentType(String raw) {
    return AgentType.parse(raw).orElseThrow(() -> EnvReader.invalid("DEFAULT_AGENT_TYPE", raw,
        "must be one of " + Arrays.toString(AgentType.values())));
  }

  private static URI parseRedisUrl(String raw) {
    try {
      return URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw EnvReader.invalid("REDIS_URL", raw, "not a URL");
    }
  }

  private static void requireRedisUrl(URI url) {
    String problem = RedisEndpoint.problem(url.toString());
    if (problem != null) {
      throw EnvReader.invalid("REDIS_URL", RedisEndpoint.mask(url.toString()), problem
          + " (e.g. redis://host:6379, redis-cluster://h1:7000,h2:7001, redis-sentinel://h1:26379/mymaster)");
    }
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw EnvReader.invalid(name, Integer.toString(value), "must be between " + min + " and " + max);
    }
  }

  private static void requireNotNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw EnvReader.invalid(name, String.valueOf(d), "must not be negative");
    }
  }
}
