package io.chatrelay.edge;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * A running edge on a free port against the shared broker and Redis, with its own view prefix (so tests never see
 * each other's views) and a {@link StandInProjector} for that prefix.
 */
final class EdgeHarness implements AutoCloseable {

  static final int PARTITIONS = 3;

  private final EdgeService edge;
  private final StandInProjector projector;
  private final RedisClient redis;
  private final ViewKeys keys;

  private EdgeHarness(EdgeService edge, StandInProjector projector, RedisClient redis, ViewKeys keys) {
    this.edge = edge;
    this.projector = projector;
    this.redis = redis;
    this.keys = keys;
  }

  static EdgeHarness start(RelayInfra infra) {
    return start(infra, Map.of());
  }

  /** @param overrides extra environment, such as {@code RELAY_MODE} or {@code READ_YOUR_WRITES_TIMEOUT_MS} */
  static EdgeHarness start(RelayInfra infra, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(baseEnv(infra));
    env.putAll(overrides);
    EdgeConfig config = EdgeConfig.fromEnv(env);
    EdgeService edge = new EdgeService(config);
    StandInProjector projector = new StandInProjector(infra.bootstrapServers(), infra.redisUrl(), config.viewKeys());
    return new EdgeHarness(edge, projector, RedisClient.create(URI.create(infra.redisUrl())), config.viewKeys());
  }

  /** Every test client comes from 127.0.0.1, so the per-address limits are out of reach unless a test sets them. */
  static Map<String, String> baseEnv(RelayInfra infra) {
    Map<String, String> env = new HashMap<>(Map.of(
        "RELAY_MODE", "dev",
        "HTTP_PORT", "0",
        "EDGE_OPS_PORT", "0",
        "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
        "CHAT_MESSAGES_PARTITIONS", Integer.toString(PARTITIONS),
        "REDIS_URL", infra.redisUrl(),
        "VIEW_PREFIX", infra.uniqueName("edge-it") + ":",
        "HTTP_WORKER_THREADS", "8"));
    env.putAll(EdgeConfig.ONE_ADDRESS_LIMITS);
    return env;
  }

  /**
   * Another edge instance over the same views, as a deployment runs several; it has no projector of its own. The
   * caller closes it.
   */
  EdgeService anotherEdge(RelayInfra infra) {
    Map<String, String> env = new HashMap<>(baseEnv(infra));
    env.put("VIEW_PREFIX", keys.prefix());
    return new EdgeService(EdgeConfig.fromEnv(env));
  }

  ApiClient client() {
    return new ApiClient(edge.baseUri());
  }

  /** A client of the edge's ops listener ({@code /health/ready}, {@code /metrics}). */
  ApiClient ops() {
    return new ApiClient(edge.opsUri());
  }

  URI baseUri() {
    return edge.baseUri();
  }

  StandInProjector projector() {
    return projector;
  }

  RedisClient redis() {
    return redis;
  }

  ViewKeys keys() {
    return keys;
  }

  EdgeService edge() {
    return edge;
  }

  @Override
  public void close() throws Exception {
    try (redis; edge) {
      projector.close();
    }
  }
}
