package io.chatrelay.views.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.JedisCommands;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * What must be done on every master rather than on the node of one key: scanning the keyspace, loading scripts,
 * and keeping a marker on each shard. On a single server (or a Sentinel's master) that is the one server.
 */
public final class RedisNodes {

  /** A master of a Redis Cluster and the slots it serves, as {@code [first, last]} pairs. */
  public record Shard(String address, List<int[]> slots) {

    /** A hash tag whose keys this shard holds: {@code s<n>} for the smallest such {@code n}. */
    public String tag() {
      for (int n = 0; ; n++) {
        String tag = "s" + n;
        int slot = JedisClusterCRC16.getSlot(tag);
        for (int[] range : slots) {
          if (slot >= range[0] && slot <= range[1]) {
            return tag;
          }
        }
      }
    }
  }

  private RedisNodes() {}

  /**
   * The replication id of the master that holds {@code tag}'s slot now. A failover gives the promoted replica a new
   * one, so a stored id that no longer matches says the shard changed hands, and writes its old master took but had
   * not yet passed on may be gone (replication is asynchronous).
   */
  public static String replicationId(UnifiedJedis redis, String tag) {
    String info;
    if (redis instanceof RedisClusterClient cluster) {
      try (Jedis jedis = new Jedis(cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(tag)))) {
        info = jedis.info("replication");
      }
    } else {
      info = redis.info("replication");
    }
    return info.lines().filter(l -> l.startsWith("master_replid:")).map(l -> l.substring(14).strip()).findFirst()
        .orElseThrow(() -> new JedisException("INFO replication names no master_replid"));
  }

  /**
   * Runs {@code pipeline} (a batch of commands sent together). On a cluster, a pipeline that met a node gone away
   * leaves the replies of that node unset and does not look for the node's successor, so this reads the cluster's
   * slots again and throws, for the caller to send the batch again once the cluster has failed over.
   */
  public static <T> T pipelined(UnifiedJedis redis, Function<AbstractPipeline, T> pipeline) {
    try (AbstractPipeline p = redis.pipelined()) {
      T result = pipeline.apply(p);
      p.sync();
      return result;
    } catch (RuntimeException e) {
      if (redis instanceof RedisClusterClient cluster) {
        try {
          cluster.refreshClusterTopology();
        } catch (RuntimeException refresh) {
          e.addSuppressed(refresh);
        }
      }
      throw e instanceof JedisException ? e : new JedisConnectionException("a pipeline to Redis failed: " + e, e);
    }
  }

  /**
   * The reply of one command of a pipeline run by {@link #pipelined}. A node that never answered (it failed
   * mid-pipeline on a cluster) leaves it unset: that is a connection failure, not a programming error.
   */
  public static <T> T reply(Response<T> response) {
    try {
      return response.get();
    } catch (IllegalStateException e) {
      throw new JedisConnectionException("a node of the cluster did not answer the pipeline", e);
    }
  }

  /**
   * Refuses a cluster with a master older than Redis 7.0: the views announce positions with sharded pub/sub there.
   */
  public static void requireShardedPubSub(UnifiedJedis redis) {
    if (!(redis instanceof RedisClusterClient)) {
      return;
    }
    for (String version : onEachMaster(redis, node -> version(((Jedis) node).info("server")))) {
      int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
      if (major < 7) {
        throw new IllegalStateException("Redis Cluster needs Redis 7.0 or later on every master (the views use "
            + "sharded pub/sub, SPUBLISH); a master runs " + version);
      }
    }
  }

  private static String version(String info) {
    return info.lines().filter(l -> l.startsWith("redis_version:")).map(l -> l.substring(14).strip()).findFirst()
        .orElse("0.0");
  }

  /**
   * Applies {@code action} to a connection to each master and returns the results in node order; a single server
   * gives one. Throws when a master cannot be reached: an answer from some nodes only would be wrong.
   */
  public static <T> List<T> onEachMaster(UnifiedJedis redis, Function<JedisCommands, T> action) {
    if (!(redis instanceof RedisClusterClient cluster)) {
      return List.of(action.apply(redis));
    }
    List<T> results = new ArrayList<>();
    for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
      try (Jedis jedis = new Jedis(node.getValue().getResource())) {
        if (isMaster(jedis)) {
          results.add(action.apply(jedis));
        }
      }
    }
    if (results.isEmpty()) {
      throw new JedisException("no master of the Redis Cluster answered");
    }
    return results;
  }

  /**
   * Loads {@code script} on every master that answers (a cluster runs a script on the node of its keys); returns its
   * SHA-1. A master that is away now gets it when a call there fails with NOSCRIPT and the caller loads again.
   */
  public static String loadScript(UnifiedJedis redis, String script) {
    if (!(redis instanceof RedisClusterClient cluster)) {
      return redis.scriptLoad(script);
    }
    String sha = null;
    JedisException last = null;
    for (ConnectionPool pool : cluster.getClusterNodes().values()) {
      try (Jedis jedis = new Jedis(pool.getResource())) {
        if (isMaster(jedis)) {
          sha = jedis.scriptLoad(script);
        }
      } catch (JedisException e) {
        last = e;
      }
    }
    if (sha == null) {
      throw last != null ? last : new JedisException("no master of the Redis Cluster answered");
    }
    return sha;
  }

  /**
   * The shards of a cluster, each with a hash tag that lands on it; a single server is one shard with every slot.
   * Asks the cluster now: slots move when it is resharded or fails over.
   */
  public static List<Shard> shards(UnifiedJedis redis) {
    if (!(redis instanceof RedisClusterClient cluster)) {
      return List.of(new Shard("single", List.<int[]>of(new int[] {0, 16_383})));
    }
    for (ConnectionPool pool : cluster.getClusterNodes().values()) {
      try (Jedis jedis = new Jedis(pool.getResource())) {
        return parseNodes(jedis.clusterNodes());
      } catch (JedisException e) {
        // try the next node
      }
    }
    throw new JedisException("no node of the Redis Cluster answered CLUSTER NODES");
  }

  /** The masters that serve slots, from a {@code CLUSTER NODES} reply. */
  static List<Shard> parseNodes(String clusterNodes) {
    List<Shard> shards = new ArrayList<>();
    for (String line : clusterNodes.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail") || !"connected".equals(f[7])) {
        continue;
      }
      List<int[]> slots = new ArrayList<>();
      for (int i = 8; i < f.length; i++) {
        if (f[i].startsWith("[")) {
          continue; // a slot being migrated or imported
        }
        int dash = f[i].indexOf('-');
        int first = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
        int last = dash < 0 ? first : Integer.parseInt(f[i].substring(dash + 1));
        slots.add(new int[] {first, last});
      }
      if (!slots.isEmpty()) {
        String address = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
        shards.add(new Shard(address, List.copyOf(slots)));
      }
    }
    shards.sort((a, b) -> Integer.compare(a.slots().get(0)[0], b.slots().get(0)[0]));
    return shards;
  }

  /**
   * The command that announces on a channel: sharded pub/sub on a cluster ({@code SPUBLISH}, Redis 7), which reaches
   * only the node that serves the channel's slot, instead of a {@code PUBLISH} every node of the cluster relays.
   */
  public static String publishCommand(UnifiedJedis redis) {
    return redis instanceof RedisClusterClient ? "SPUBLISH" : "PUBLISH";
  }

  /** Publishes {@code message} on {@code channel}: sharded ({@code SPUBLISH}) on a cluster, plain otherwise. */
  public static void publish(UnifiedJedis redis, String channel, String message) {
    if (redis instanceof RedisClusterClient cluster) {
      cluster.spublish(channel, message);
    } else {
      redis.publish(channel, message);
    }
  }

  private static boolean isMaster(Jedis jedis) {
    List<Object> role = jedis.role();
    Object kind = role.isEmpty() ? null : role.get(0);
    String name = kind instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(kind);
    return "master".equals(name);
  }
}
