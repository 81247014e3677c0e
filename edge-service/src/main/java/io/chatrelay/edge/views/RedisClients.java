package io.chatrelay.edge.views;

import io.chatrelay.views.redis.RedisEndpoint;
import java.net.URI;
import redis.clients.jedis.UnifiedJedis;

/** Builds Redis clients from {@code REDIS_URL}: the shared pool, and the connection a subscription blocks on. */
public final class RedisClients {

  private final RedisEndpoint endpoint;

  public RedisClients(URI url) {
    this.endpoint = RedisEndpoint.parse(url.toString());
  }

  /**
   * The pooled client every request reads through. {@code size} covers the worker threads (per node, on a cluster);
   * a request that still finds the pool empty waits briefly and then fails instead of hanging.
   */
  public UnifiedJedis pooled(int size) {
    return endpoint.open("edge-service", size);
  }

  /** A subscription of its own, with its own connection: sharded pub/sub on a cluster, plain otherwise. */
  public RedisChannels channels() {
    return endpoint.cluster() ? RedisChannels.sharded(endpoint.open("edge-service-positions", 1))
        : RedisChannels.plain(endpoint.open("edge-service-positions", 1));
  }
}
