package io.chatrelay.edge;

import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.events.AgentType;
import io.chatrelay.kit.EnvReader;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * @param sessionSecret {@code SESSION_SECRET}: HMAC key of the session cookie
 * @param cookieSecure {@code COOKIE_SECURE}: add {@code Secure} to the cookie (set it when served over HTTPS)
 * @param sessionTtl {@code SESSION_TTL_SECONDS}: how long a sign-in cookie stays valid
 * @param defaultAgentType {@code DEFAULT_AGENT_TYPE}: persona of a session created without one
 * @param readYourWritesTimeout {@code READ_YOUR_WRITES_TIMEOUT_MS}: longest a write waits for the views to show it
 * @param authProxyHeader {@code AUTH_PROXY_HEADER}: header a trusted auth proxy puts the user id in, or empty
 * @param allowedOrigins {@code ALLOWED_ORIGINS}: origins besides our own that may send POST/DELETE
 * @param readyMaxProjectionLag {@code READY_MAX_PROJECTION_LAG}: events the views may be behind the log while the
 *     edge still reports ready
 * @param kafka the {@code KAFKA_*} settings
 * @param live the browser WebSocket ({@code WS_*}) and the message rate limits ({@code RATE_LIMIT_*MESSAGES*})
 * @param limits what one address or user may mint: sign-ins, sessions, restores ({@link AbuseLimits})
 */
public record EdgeConfig(
    Mode mode, String httpHost, int httpPort, int workerThreads, URI redisUrl, String viewPrefix,
    String sessionSecret, boolean cookieSecure, Duration sessionTtl, AgentType defaultAgentType,
    Duration readYourWritesTimeout, Optional<String> authProxyHeader, List<String> allowedOrigins,
    long readyMaxProjectionLag, KafkaSettings kafka, LiveSettings live, AbuseLimits limits) {

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
  public static final String SESSION_SECRET_ENV = "SESSION_SECRET";
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_WORKER_THREADS = 16;
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  /** Public on purpose: it only protects dev mode, and production refuses to start with it. */
  public static final String DEV_SESSION_SECRET = "chat-relay-dev-only-session-secret-do-not-use";
  public static final int MIN_PRODUCTION_SECRET_LENGTH = 32;
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(86_400);
  public static final AgentType DEFAULT_AGENT_TYPE = AgentType.BankRep;
  public static final Duration DEFAULT_READ_YOUR_WRITES_TIMEOUT = Duration.ofMillis(5000);
  public static final long DEFAULT_READY_MAX_PROJECTION_LAG = 1000;

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

  public EdgeConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(viewPrefix, "viewPrefix");
    Objects.requireNonNull(sessionSecret, "sessionSecret");
    Objects.requireNonNull(defaultAgentType, "defaultAgentType");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(limits, "limits");
    authProxyHeader = Objects.requireNonNull(authProxyHeader, "authProxyHeader");
    allowedOrigins = List.copyOf(allowedOrigins);
    requireRange("HTTP_PORT", httpPort, 0, 65_535);
    requireRange("HTTP_WORKER_THREADS", workerThreads, 1, 512);
    requireRedisUrl(redisUrl);
    requirePositive("SESSION_TTL_SECONDS", sessionTtl);
    requireNotNegative("READ_YOUR_WRITES_TIMEOUT_MS", readYourWritesTimeout);
    if (readyMaxProjectionLag < 0) {
      throw EnvReader.invalid("READY_MAX_PROJECTION_LAG", Long.toString(readyMaxProjectionLag), "must be >= 0");
    }
    authProxyHeader.ifPresent(EdgeConfig::requireHeaderName);
    allowedOrigins.forEach(EdgeConfig::requireOrigin);
    requireSecret(mode, sessionSecret);
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
        r.string(SESSION_SECRET_ENV, DEV_SESSION_SECRET),
        r.bool("COOKIE_SECURE", false),
        Duration.ofSeconds(r.integer("SESSION_TTL_SECONDS", (int) DEFAULT_SESSION_TTL.toSeconds(), 1,
            Integer.MAX_VALUE)),
        parseAgentType(r.string("DEFAULT_AGENT_TYPE", DEFAULT_AGENT_TYPE.name())),
        r.millis("READ_YOUR_WRITES_TIMEOUT_MS", DEFAULT_READ_YOUR_WRITES_TIMEOUT, Duration.ZERO,
            Duration.ofMinutes(1)),
        Optional.ofNullable(r.string("AUTH_PROXY_HEADER", null)),
        parseOrigins(r.string("ALLOWED_ORIGINS", "")),
        r.integer("READY_MAX_PROJECTION_LAG", (int) DEFAULT_READY_MAX_PROJECTION_LAG, 0, Integer.MAX_VALUE),
        KafkaSettings.fromEnv(env),
        LiveSettings.fromEnv(env),
        AbuseLimits.fromEnv(env));
  }

  public ViewKeys viewKeys() {
    return new ViewKeys(viewPrefix);
  }

  public boolean devMode() {
    return mode == Mode.DEV;
  }

  public EdgeConfig withHttpPort(int port) {
    return new EdgeConfig(mode, httpHost, port, workerThreads, redisUrl, viewPrefix, sessionSecret, cookieSecure,
        sessionTtl, defaultAgentType, readYourWritesTimeout, authProxyHeader, allowedOrigins,
        readyMaxProjectionLag, kafka, live, limits);
  }

  @Override
  public String toString() {
    return "EdgeConfig[mode=" + mode + ", http=" + httpHost + ":" + httpPort + ", workerThreads=" + workerThreads
        + ", redisUrl=" + maskedRedisUrl() + ", viewPrefix=" + viewPrefix + ", sessionSecret=****"
        + ", cookieSecure=" + cookieSecure + ", sessionTtl=" + sessionTtl + ", defaultAgentType=" + defaultAgentType
        + ", readYourWritesTimeout=" + readYourWritesTimeout + ", authProxyHeader=" + authProxyHeader.orElse("-")
        + ", allowedOrigins=" + allowedOrigins + ", readyMaxProjectionLag=" + readyMaxProjectionLag
        + ", kafka=" + kafka.bootstrapServers() + ", live=" + live + ", limits=" + limits + "]";
  }

  private String maskedRedisUrl() {
    // A Redis URL may carry a password (redis://user:pass@host): never print it.
    return redisUrl.getUserInfo() == null ? redisUrl.toString()
        : redisUrl.getScheme() + "://****@" + redisUrl.getHost() + ":" + redisUrl.getPort();
  }

  private static void requireSecret(Mode mode, String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(SESSION_SECRET_ENV + " must not be empty");
    }
    if (mode == Mode.PRODUCTION
        && (secret.equals(DEV_SESSION_SECRET) || secret.length() < MIN_PRODUCTION_SECRET_LENGTH)) {
      // The dev secret is in the source code: anyone could forge a sign-in cookie with it.
      throw new IllegalArgumentException(MODE_ENV + "=production needs " + SESSION_SECRET_ENV
          + " set to a private random value of at least " + MIN_PRODUCTION_SECRET_LENGTH
          + " characters (it is unset, too short or the public dev secret); refusing to start");
    }
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
    String scheme = url.getScheme();
    if (!("redis".equals(scheme) || "rediss".equals(scheme)) || url.getHost() == null) {
      throw EnvReader.invalid("REDIS_URL", url.getScheme() + "://" + url.getHost(),
          "must look like redis://host:port");
    }
  }

  private static List<String> parseOrigins(String raw) {
    return Arrays.stream(raw.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
        .map(s -> s.toLowerCase(Locale.ROOT))
        .toList();
  }

  private static void requireOrigin(String origin) {
    if (!ORIGIN.matcher(origin).matches()) {
      throw EnvReader.invalid("ALLOWED_ORIGINS", origin, "each entry must be scheme://host[:port]");
    }
  }

  private static void requireHeaderName(String name) {
    if (!HEADER_NAME.matcher(name).matches()) {
      throw EnvReader.invalid("AUTH_PROXY_HEADER", name, "must be an HTTP header name");
    }
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw EnvReader.invalid(name, Integer.toString(value), "must be between " + min + " and " + max);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw EnvReader.invalid(name, String.valueOf(d), "must be positive");
    }
  }

  private static void requireNotNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw EnvReader.invalid(name, String.valueOf(d), "must not be negative");
    }
  }
}
