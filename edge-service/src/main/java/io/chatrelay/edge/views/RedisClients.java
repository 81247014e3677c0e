package io.chatrelay.edge.views;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/** Builds Redis connections from {@code REDIS_URL}: the shared pool and dedicated (subscriber) connections. */
public final class RedisClients {

  private static final int TIMEOUT_MS = 2000;

  private final HostAndPort address;
  private final JedisClientConfig clientConfig;
  private final JedisClientConfig subscriberConfig;

  public RedisClients(URI url) {
    this.address = new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort());
    // builder(URI) takes user, password, database and TLS from the URL.
    this.clientConfig = DefaultJedisClientConfig.builder(url)
        .connectionTimeoutMillis(TIMEOUT_MS)
        .socketTimeoutMillis(TIMEOUT_MS)
        .clientName("edge-service")
        .build();
    // A plain connection speaks RESP2; saying so up front skips a protocol negotiation it cannot complete.
    this.subscriberConfig = DefaultJedisClientConfig.builder().from(clientConfig).resp2()
        .clientName("edge-service-positions").build();
  }

  /**
   * The pooled client every request reads through. {@code size} covers the worker threads; a request that still
   * finds the pool empty waits briefly and then fails instead of hanging.
   */
  public RedisClient pooled(int size) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(size);
    pool.setMaxIdle(size);
    pool.setMinIdle(0);
    pool.setMaxWait(Duration.ofMillis(TIMEOUT_MS));
    return RedisClient.builder().hostAndPort(address).clientConfig(clientConfig).poolConfig(pool).build();
  }

  /** A connection of its own, for a subscription that blocks on it. */
  public Jedis dedicated() {
    return new Jedis(address, subscriberConfig);
  }
}
