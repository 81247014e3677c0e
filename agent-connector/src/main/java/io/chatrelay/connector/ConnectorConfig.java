package io.chatrelay.connector;

import io.chatrelay.connector.internal.UrlMask;
import io.chatrelay.events.AgentType;
import io.chatrelay.kit.EnvReader;
import io.chatrelay.kit.KafkaSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything the agent connector is configured with; read once from the environment by {@link #fromEnv(Map)}.
 *
 * <p>Agent endpoints: every persona talks to {@code AI_AGENT_WS_URL} unless {@code AI_AGENT_WS_URL_<TYPE>} names
 * another one. {@code <TYPE>} is the persona's wire name either exactly ({@code AI_AGENT_WS_URL_BankRep}) or in
 * upper case ({@code AI_AGENT_WS_URL_BANKREP}), because many shells and orchestrators upper-case variable names.
 * A suffix naming no persona is refused rather than ignored, so a typo cannot silently route to the default agent.
 *
 * @param kafka cluster address and {@code KAFKA_*} client pass-through settings
 * @param group the consumer group and this connector's instance id in it
 * @param agentUrl the default agent endpoint ({@code AI_AGENT_WS_URL})
 * @param agentUrls per-persona overrides ({@code AI_AGENT_WS_URL_<TYPE>})
 * @param defaultAgentType the persona for a session whose {@code SessionCreated} this connector never read
 * @param idleTimeout an agent socket with nothing in flight for this long is closed
 * @param heartbeat ping interval; a socket that has not answered the previous ping by the next one is replaced
 * @param replyTimeout how long the agent may take to answer one message before the user gets {@code agent_timeout}
 * @param reconnectBase first backoff ceiling after a failed attempt to reach the agent
 * @param reconnectMax the largest backoff ceiling
 * @param reconnectAttempts retries of one message after its first failed attempt
 * @param breakerOpen how long a breaker stays open before letting probe calls through
 * @param slowCall calls slower than this count as slow for the breaker
 * @param unavailableGiveUp how long a message may wait for an unavailable agent before it fails
 * @param maxPending unfinished records across all partitions above which consumption pauses
 * @param commitInterval how often finished offsets are committed
 * @param sessionCacheSize how many sessions' persona and deletion state are remembered
 * @param opsHost interface of the {@code /health} and {@code /metrics} endpoints
 * @param opsPort port of those endpoints; 0 picks a free one
 * @param policy mode, bearer token, frame and status limits of the agent link
 */
public record ConnectorConfig(
    KafkaSettings kafka, ConsumerGroup group, URI agentUrl, Map<AgentType, URI> agentUrls, AgentType defaultAgentType,
    Duration idleTimeout, Duration heartbeat, Duration replyTimeout,
    Duration reconnectBase, Duration reconnectMax, int reconnectAttempts,
    Duration breakerOpen, Duration slowCall, Duration unavailableGiveUp,
    int maxPending, Duration commitInterval, int sessionCacheSize, String opsHost, int opsPort,
    AgentPolicy policy) {

  public static final String AGENT_URL_ENV = "AI_AGENT_WS_URL";
  public static final String DEFAULT_AGENT_TYPE_ENV = "DEFAULT_AGENT_TYPE";
  public static final String IDLE_TIMEOUT_ENV = "AGENT_IDLE_TIMEOUT_MS";
  public static final String HEARTBEAT_ENV = "AGENT_HEARTBEAT_MS";
  public static final String REPLY_TIMEOUT_ENV = "AGENT_REPLY_TIMEOUT_MS";
  public static final String RECONNECT_BASE_ENV = "AGENT_RECONNECT_BASE_MS";
  public static final String RECONNECT_MAX_ENV = "AGENT_RECONNECT_MAX_MS";
  public static final String RECONNECT_ATTEMPTS_ENV = "AGENT_RECONNECT_ATTEMPTS";
  public static final String BREAKER_OPEN_ENV = "AGENT_BREAKER_OPEN_MS";
  public static final String SLOW_CALL_ENV = "AGENT_SLOW_CALL_MS";
  public static final String GIVE_UP_ENV = "AGENT_UNAVAILABLE_GIVE_UP_MS";
  public static final String MAX_PENDING_ENV = "CONNECTOR_MAX_PENDING";
  public static final String COMMIT_INTERVAL_ENV = "CONNECTOR_COMMIT_INTERVAL_MS";
  public static final String SESSION_CACHE_ENV = "CONNECTOR_SESSION_CACHE_SIZE";
  public static final String OPS_HOST_ENV = "CONNECTOR_OPS_HOST";
  public static final String OPS_PORT_ENV = "CONNECTOR_OPS_PORT";

  public static final URI DEFAULT_AGENT_URL = URI.create("ws://127.0.0.1:8090/ws");
  public static final AgentType DEFAULT_AGENT_TYPE = AgentType.BankRep;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RECONNECT_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
  public static final int DEFAULT_RECONNECT_ATTEMPTS = 5;
  public static final Duration DEFAULT_BREAKER_OPEN = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SLOW_CALL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_GIVE_UP = Duration.ofMinutes(2);
  public static final int DEFAULT_MAX_PENDING = 1000;
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_SESSION_CACHE_SIZE = 100_000;
  /**
   * Loopback: the ops endpoints describe the inside of the service (lag, traffic, heap) and have no access
   * control. A deployment whose probes or scraper come from another host or container sets the variable to
   * {@code 0.0.0.0} (infra/docker-compose.yml does) and keeps the port off the public network.
   */
  public static final String DEFAULT_OPS_HOST = "127.0.0.1";
  public static final int DEFAULT_OPS_PORT = 8083;

  private static final Duration MIN_MS = Duration.ofMillis(1);
  private static final Duration DAY = Duration.ofDays(1);

  public ConnectorConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(group, "group");
    requireWebSocketUrl(AGENT_URL_ENV, agentUrl);
    agentUrls = Map.copyOf(Objects.requireNonNull(agentUrls, "agentUrls"));
    agentUrls.forEach((type, url) -> requireWebSocketUrl(AGENT_URL_ENV + "_" + type.name(), url));
    Objects.requireNonNull(defaultAgentType, DEFAULT_AGENT_TYPE_ENV);
    requirePositive(IDLE_TIMEOUT_ENV, idleTimeout);
    requirePositive(HEARTBEAT_ENV, heartbeat);
    requirePositive(REPLY_TIMEOUT_ENV, replyTimeout);
    requirePositive(RECONNECT_BASE_ENV, reconnectBase);
    requirePositive(RECONNECT_MAX_ENV, reconnectMax);
    if (reconnectMax.compareTo(reconnectBase) < 0) {
      throw EnvReader.invalid(RECONNECT_MAX_ENV, Long.toString(reconnectMax.toMillis()),
          "must be at least " + RECONNECT_BASE_ENV + " (" + reconnectBase.toMillis() + ")");
    }
    if (reconnectAttempts < 0) {
      throw EnvReader.invalid(RECONNECT_ATTEMPTS_ENV, Integer.toString(reconnectAttempts), "must not be negative");
    }
    requirePositive(BREAKER_OPEN_ENV, breakerOpen);
    requirePositive(SLOW_CALL_ENV, slowCall);
    requirePositive(GIVE_UP_ENV, unavailableGiveUp);
    requirePositive(COMMIT_INTERVAL_ENV, commitInterval);
    if (maxPending < 1) {
      throw EnvReader.invalid(MAX_PENDING_ENV, Integer.toString(maxPending), "must be at least 1");
    }
    if (sessionCacheSize < 1) {
      throw EnvReader.invalid(SESSION_CACHE_ENV, Integer.toString(sessionCacheSize), "must be at least 1");
    }
    Objects.requireNonNull(opsHost, OPS_HOST_ENV);
    if (opsPort < 0 || opsPort > 65_535) {
      throw EnvReader.invalid(OPS_PORT_ENV, Integer.toString(opsPort), "must be from 0 to 65535");
    }
    Objects.requireNonNull(policy, "policy");
    List<Map.Entry<String, URI>> endpoints = new ArrayList<>();
    endpoints.add(Map.entry(AGENT_URL_ENV, agentUrl));
    agentUrls.forEach((type, url) -> endpoints.add(Map.entry(AGENT_URL_ENV + "_" + type.name(), url)));
    policy.requireEncrypted(endpoints);
  }

  public static ConnectorConfig fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new ConnectorConfig(
        KafkaSettings.fromEnv(env),
        ConsumerGroup.fromEnv(r),
        parseUrl(AGENT_URL_ENV, r.string(AGENT_URL_ENV, DEFAULT_AGENT_URL.toString())),
        AgentUrls.overrides(env),
        parseAgentType(r.string(DEFAULT_AGENT_TYPE_ENV, DEFAULT_AGENT_TYPE.name())),
        r.millis(IDLE_TIMEOUT_ENV, DEFAULT_IDLE_TIMEOUT, MIN_MS, DAY),
        r.millis(HEARTBEAT_ENV, DEFAULT_HEARTBEAT, MIN_MS, DAY),
        r.millis(REPLY_TIMEOUT_ENV, DEFAULT_REPLY_TIMEOUT, MIN_MS, DAY),
        r.millis(RECONNECT_BASE_ENV, DEFAULT_RECONNECT_BASE, MIN_MS, DAY),
        r.millis(RECONNECT_MAX_ENV, DEFAULT_RECONNECT_MAX, MIN_MS, DAY),
        r.integer(RECONNECT_ATTEMPTS_ENV, DEFAULT_RECONNECT_ATTEMPTS, 0, 100),
        r.millis(BREAKER_OPEN_ENV, DEFAULT_BREAKER_OPEN, MIN_MS, DAY),
        r.millis(SLOW_CALL_ENV, DEFAULT_SLOW_CALL, MIN_MS, DAY),
        r.millis(GIVE_UP_ENV, DEFAULT_GIVE_UP, MIN_MS, DAY),
        r.integer(MAX_PENDING_ENV, DEFAULT_MAX_PENDING, 1, 1_000_000),
        r.millis(COMMIT_INTERVAL_ENV, DEFAULT_COMMIT_INTERVAL, MIN_MS, DAY),
        r.integer(SESSION_CACHE_ENV, DEFAULT_SESSION_CACHE_SIZE, 1, 100_000_000),
        r.string(OPS_HOST_ENV, DEFAULT_OPS_HOST),
        r.integer(OPS_PORT_ENV, DEFAULT_OPS_PORT, 0, 65_535),
        AgentPolicy.fromEnv(r));
  }

  /** The endpoint sessions of this persona talk to. */
  public URI agentUrlFor(AgentType type) {
    return agentUrls.getOrDefault(type, agentUrl);
  }

  public ConnectorConfig withOpsPort(int port) {
    return new ConnectorConfig(kafka, group, agentUrl, agentUrls, defaultAgentType, idleTimeout, heartbeat,
        replyTimeout, reconnectBase, reconnectMax, reconnectAttempts, breakerOpen, slowCall, unavailableGiveUp,
        maxPending, commitInterval, sessionCacheSize, opsHost, port, policy);
  }

  /** Logged at start-up: URLs lose credentials and query strings, Kafka pass-through settings show names only. */
  @Override
  public String toString() {
    Map<AgentType, String> overrides = new EnumMap<>(AgentType.class);
    agentUrls.forEach((type, url) -> overrides.put(type, UrlMask.masked(url)));
    return "ConnectorConfig[bootstrapServers=" + kafka.bootstrapServers()
        + ", kafkaPassThrough=" + kafka.passThrough().keySet().stream().sorted().collect(Collectors.toList())
        + ", group=" + group + ", agentUrl=" + UrlMask.masked(agentUrl) + ", agentUrls=" + overrides
        + ", defaultAgentType=" + defaultAgentType + ", idleTimeoutMs=" + idleTimeout.toMillis()
        + ", heartbeatMs=" + heartbeat.toMillis() + ", replyTimeoutMs=" + replyTimeout.toMillis()
        + ", reconnectBaseMs=" + reconnectBase.toMillis() + ", reconnectMaxMs=" + reconnectMax.toMillis()
        + ", reconnectAttempts=" + reconnectAttempts + ", breakerOpenMs=" + breakerOpen.toMillis()
        + ", slowCallMs=" + slowCall.toMillis() + ", unavailableGiveUpMs=" + unavailableGiveUp.toMillis()
        + ", maxPending=" + maxPending + ", commitIntervalMs=" + commitInterval.toMillis()
        + ", sessionCacheSize=" + sessionCacheSize + ", ops=" + opsHost + ":" + opsPort + ", " + policy + "]";
  }

  static URI parseUrl(String name, String raw) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (java.net.URISyntaxException e) {
      throw EnvReader.invalid(name, UrlMask.maskedRaw(raw), "is not a URL: " + e.getReason());
    }
    requireWebSocketUrl(name, uri);
    return uri;
  }

  private static AgentType parseAgentType(String raw) {
    return AgentType.parse(raw).orElseThrow(() -> EnvReader.invalid(DEFAULT_AGENT_TYPE_ENV, raw,
        "must be one of " + java.util.Arrays.toString(AgentType.values())));
  }

  private static void requireWebSocketUrl(String name, URI uri) {
    Objects.requireNonNull(uri, name);
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))
        || uri.getHost() == null) {
      throw EnvReader.invalid(name, UrlMask.masked(uri), "must be an absolute ws:// or wss:// URL with a host");
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw EnvReader.invalid(name, Long.toString(value.toMillis()), "must be positive");
    }
  }
}
