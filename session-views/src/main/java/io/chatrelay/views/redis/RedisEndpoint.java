package io.chatrelay.views.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where Redis is, from {@code REDIS_URL}, and how to connect to it. Three shapes:
 *
 * <ul>
 *   <li>one server: {@code redis://[user:password@]host[:port][/db]} ({@code rediss://} for TLS);</li>
 *   <li>Redis Cluster: {@code redis-cluster://[user:password@]host:port[,host:port...]}, any reachable nodes as
 *       seeds ({@code rediss-cluster://} for TLS); the client learns the rest of the cluster from them;</li>
 *   <li>Sentinel: {@code redis-sentinel://[user:password@]host:port[,host:port...]/master-name[/db]}, the sentinels
 *       and the name of the master they watch; the credentials are the master's.</li>
 * </ul>
 *
 * <p>Every service connects through {@link #open}, so all of them speak to the same Redis the same way. Only a
 * cluster spreads keys over several servers: {@link #cluster()} tells the code that must care (scans, pub/sub,
 * completeness markers).
 */
public record RedisEndpoint(Kind kind, List<HostAndPort> nodes, String master, String user, String password,
    int database, boolean tls) {

  /** The shapes of deployment. */
  public enum Kind { STANDALONE, CLUSTER, SENTINEL }

  public static final int DEFAULT_PORT = 6379;
  private static final int TIMEOUT_MS = 2000;
  private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

  public RedisEndpoint {
    Objects.requireNonNull(kind, "kind");
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("must name a host");
    }
  }

  /** Reads a {@code REDIS_URL}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static RedisEndpoint parse(String url) {
    Objects.requireNonNull(url, "url");
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException("not a URL: expected redis://, redis-cluster:// or redis-sentinel://");
    }
    String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = url.substring(schemeEnd + 3);
    Kind kind;
    boolean tls;
    switch (scheme) {
      case "redis" -> { kind = Kind.STANDALONE; tls = false; }
      case "rediss" -> { kind = Kind.STANDALONE; tls = true; }
      case "redis-cluster" -> { kind = Kind.CLUSTER; tls = false; }
      case "rediss-cluster" -> { kind = Kind.CLUSTER; tls = true; }
      case "redis-sentinel" -> { kind = Kind.SENTINEL; tls = false; }
      default -> throw new IllegalArgumentException(
          "scheme must be redis, rediss, redis-cluster, rediss-cluster or redis-sentinel");
    }
    int query = rest.indexOf('?');
    if (query >= 0) {
      throw new IllegalArgumentException("query parameters are not supported");
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    List<String> path = slash < 0 ? List.of() : List.of(rest.substring(slash + 1).split("/", -1));
    int at = authority.lastIndexOf('@');
    String user = null;
    String password = null;
    if (at >= 0) {
      String info = authority.substring(0, at);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
      if (user.isEmpty()) {
        user = null;
      }
    }
    List<HostAndPort> nodes = nodes(at < 0 ? authority : authority.substring(at + 1), kind);
    String master = null;
    int database = 0;
    if (kind == Kind.SENTINEL) {
      if (path.isEmpty() || path.get(0).isEmpty()) {
        throw new IllegalArgumentException("must name the master after the sentinels, e.g. /mymaster");
      }
      master = path.get(0);
      database = database(path.subList(1, path.size()));
    } else if (kind == Kind.CLUSTER) {
      if (!path.isEmpty() && !(path.size() == 1 && (path.get(0).isEmpty() || path.get(0).equals("0")))) {
        throw new IllegalArgumentException("a cluster has database 0 only");
      }
    } else {
      database = database(path);
    }
    return new RedisEndpoint(kind, nodes, master, user, password, database, tls);
  }

  /** Null when the URL is usable, otherwise why not. */
  public static String problem(String url) {
    try {
      parse(url);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The URL with any password replaced, so it can be logged. */
  public static String mask(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
    return url.substring(0, scheme + 3) + masked + url.substring(at);
  }

  /** True when keys are spread over several servers (Redis Cluster). */
  public boolean cluster() {
    return kind == Kind.CLUSTER;
  }

  /**
   * A client with a pool of at most {@code poolSize} connections (per node, for a cluster). A caller that finds the
   * pool empty waits briefly and then fails instead of hanging.
   */
  public UnifiedJedis open(String clientName, int poolSize) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(poolSize);
    pool.setMaxIdle(poolSize);
    pool.setMinIdle(0);
    pool.setMaxWait(Duration.ofMillis(TIMEOUT_MS));
    JedisClientConfig config = clientConfig(clientName);
    return switch (kind) {
      case STANDALONE -> RedisClient.builder().hostAndPort(nodes.get(0)).clientConfig(config).poolConfig(pool)
          .build();
      // Pipelines do not follow a failover by themselves (only single commands are redirected), so the client also
      // re-reads which node serves which slots on a timer, and callers refresh it after a failed pipeline.
      case CLUSTER -> RedisClusterClient.builder().nodes(new LinkedHashSet<>(nodes)).clientConfig(config)
          .poolConfig(pool).topologyRefreshPeriod(TOPOLOGY_REFRESH).build();
      case SENTINEL -> RedisSentinelClient.builder().masterName(master).sentinels(new LinkedHashSet<>(nodes))
          .clientConfig(config).sentinelClientConfig(DefaultJedisClientConfig.builder()
              .connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS).clientName(clientName).build())
          .poolConfig(pool).build();
    };
  }

  /** A client with a small pool, for tools and single-threaded writers. */
  public UnifiedJedis open(String clientName) {
    return open(clientName, 8);
  }

  /** How connections to the data nodes authenticate, time out and name themselves. */
  public JedisClientConfig clientConfig(String clientName) {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(TIMEOUT_MS)
        .socketTimeoutMillis(TIMEOUT_MS)
        .user(user)
        .password(password)
        .database(database)
        .ssl(tls)
        .clientName(clientName)
        .build();
  }

  private static List<HostAndPort> nodes(String list, Kind kind) {
    if (list.isEmpty()) {
      throw new IllegalArgumentException("must name a host");
    }
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (String node : list.split(",", -1)) {
      nodes.add(node(node.trim()));
    }
    if (kind == Kind.STANDALONE && nodes.size() > 1) {
      throw new IllegalArgumentException("names several hosts: use redis-cluster:// or redis-sentinel://");
    }
    return new ArrayList<>(nodes);
  }

  private static HostAndPort node(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("has an empty host in its list");
    }
    String host = text;
    int port = DEFAULT_PORT;
    int colon = text.lastIndexOf(':');
    boolean bracketed = text.startsWith("[");
    if (colon > 0 && (!bracketed || colon > text.indexOf(']'))) {
      host = text.substring(0, colon);
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port of '" + text + "' is not a number");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port of '" + text + "' is out of range");
      }
    }
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:-]+")) {
      throw new IllegalArgumentException("host '" + host + "' is not a host name or address");
    }
    return new HostAndPort(host, port);
  }

  private static int database(List<String> path) {
    if (path.isEmpty() || path.size() == 1 && path.get(0).isEmpty()) {
      return 0;
    }
    if (path.size() > 1) {
      throw new IllegalArgumentException("path must be a database number at most");
    }
    try {
      int db = Integer.parseInt(path.get(0));
      if (db < 0) {
        throw new NumberFormatException();
      }
      return db;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("database '" + path.get(0) + "' is not a number");
    }
  }

  private static String decode(String part) {
    // Percent-escapes only: a '+' in a password is a plus, not a space.
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RedisEndpoint[" + kind + " " + nodes + (master == null ? "" : " master " + master)
        + (user == null ? "" : " user " + user) + (password == null ? "" : " password ***")
        + (database == 0 ? "" : " db " + database) + (tls ? " tls" : "") + "]";
  }
}
