package io.chatrelay.infra;

import io.chatrelay.infra.internal.FreePorts;
import io.chatrelay.infra.internal.RedisBinary;
import io.chatrelay.infra.internal.RedisProcess;
import io.chatrelay.infra.internal.Retry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of {@code redis-server} child processes on loopback: a few masters, each with its replicas, formed
 * with the cluster's own commands (MEET, ADDSLOTS, REPLICATE), as {@code redis-cli --cluster create} does. Any node
 * can be SIGKILLed ({@link #kill}) and the cluster fails over by itself once {@code cluster-node-timeout} has passed.
 *
 * <p>Needs redis-server 7.0 or later (the product uses sharded pub/sub on a cluster): the one on the PATH, since the
 * binary bundled for single-server tests is older. Nodes keep no data on disk: a killed master's data lives on in
 * its replicas only, as in a cluster run without persistence. Each node's files are in {@code <dir>/node-<port>}.
 */
public final class RedisCluster implements AutoCloseable {

  public static final int SLOTS = 16_384;
  private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)");
  /** Redis derives a node's cluster bus port from its client port. */
  private static final int BUS_OFFSET = 10_000;

  private final Path binary;
  private final Path dir;
  private final Duration nodeTimeout;
  private final Map<Integer, RedisProcess> nodes = new TreeMap<>();
  private final List<Integer> ports;

  private RedisCluster(Path binary, Path dir, List<Integer> ports, Duration nodeTimeout) {
    this.binary = binary;
    this.dir = dir;
    this.ports = List.copyOf(ports);
    this.nodeTimeout = nodeTimeout;
  }

  /**
   * Starts {@code masters × (1 + replicas)} nodes under {@code dir}, splits the slots evenly among the masters, gives
   * each master its replicas and waits until the cluster says {@code cluster_state:ok} everywhere.
   */
  public static RedisCluster start(Path dir, int masters, int replicas, Duration nodeTimeout) {
    Objects.requireNonNull(dir, "dir");
    if (masters < 1 || replicas < 0) {
      throw new IllegalArgumentException("a cluster needs a master or more and no negative replicas");
    }
    Path binary = requireVersion7(RedisBinary.locate());
    long started = System.nanoTime();
    int size = masters * (1 + replicas);
    RedisCluster cluster = new RedisCluster(binary, dir, clusterPorts(size), nodeTimeout);
    try {
      cluster.ports.forEach(cluster::startNode);
      cluster.form(masters, replicas);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info("Redis Cluster of {} masters and {} replicas each started on {} in {} ms", masters, replicas,
        cluster.ports, Duration.ofNanos(System.nanoTime() - started).toMillis());
    return cluster;
  }

  /** The {@code REDIS_URL} of the cluster, every node a seed. */
  public String url() {
    return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  public List<Integer> ports() {
    return ports;
  }

  /** The port of the master that serves {@code key} now (its slot, after any failover), as a live node sees it. */
  public int masterOf(String key) {
    int slot = JedisClusterCRC16.getSlot(key);
    for (String[] node : clusterNodes()) {
      if (node[2].contains("master") && !node[2].contains("fail") && servesSlot(node, slot)) {
        return port(node[1]);
      }
    }
    throw new IllegalStateException("no live master serves slot " + slot);
  }

  /** Ports of the masters that are up and serve slots, in port order. */
  public List<Integer> masters() {
    return clusterNodes().stream().filter(n -> n[2].contains("master") && !n[2].contains("fail") && n.length > 8)
        .map(n -> port(n[1])).sorted().toList();
  }

  /**
   * Per live master, how much it holds and has done: {@code port -> "keys=N commands=M"} (from {@code DBSIZE} and
   * {@code INFO stats}), to show how evenly the cluster shares the work.
   */
  public Map<Integer, String> perMaster() {
    Map<Integer, String> figures = new TreeMap<>();
    for (int port : masters()) {
      try (Jedis jedis = new Jedis("127.0.0.1", port)) {
        String commands = jedis.info("stats").lines().filter(l -> l.startsWith("total_commands_processed:"))
            .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        figures.put(port, "keys=" + jedis.dbSize() + " commands=" + commands);
      }
    }
    return figures;
  }

  /** SIGKILLs the node on {@code port}, as a crash of its machine would: its memory is gone. */
  public synchronized void kill(int port) {
    RedisProcess node = nodes.remove(port);
    if (node == null) {
      throw new IllegalStateException("no running node on port " + port);
    }
    node.kill();
    LOG.info("Redis Cluster node {} killed (SIGKILL)", port);
  }

  /**
   * Waits until the cluster has noticed that the node on {@code port} is gone (flagged {@code fail} once a majority of
   * masters agreed, after {@code cluster-node-timeout}) and a replica serves its slots: the failover is over.
   */
  public void awaitFailover(int port, Duration timeout) {
    Retry.until("Redis Cluster node " + port + " to be failed over", timeout, () -> {
      boolean failed = clusterNodes().stream()
          .anyMatch(n -> port(n[1]) == port && n[2].contains("fail") && !n[2].contains("fail?"));
      return failed && health().isEmpty() ? Boolean.TRUE : null;
    });
  }

  /** Waits until every slot is served by a live master again and every live node says the cluster is ok. */
  public void awaitHealthy(Duration timeout) {
    Retry.until("Redis Cluster to be healthy", timeout, () -> {
      String problems = health();
      if (!problems.isEmpty()) {
        throw new IllegalStateException(problems);
      }
      return Boolean.TRUE;
    });
  }

  /** Empty when healthy, else what is wrong. */
  private String health() {
    List<String> problems = new ArrayList<>();
    for (int port : livePorts()) {
      try (Jedis jedis = new Jedis("127.0.0.1", port)) {
        String info = jedis.clusterInfo();
        if (!info.contains("cluster_state:ok")) {
          problems.add(port + " not ok");
        }
        if (!info.contains("cluster_slots_ok:" + SLOTS)) {
          problems.add(port + " does not see every slot ok");
        }
      }
    }
    return String.join(", ", problems);
  }

  private void form(int masters, int replicas) {
    int first = ports.get(0);
    try (Jedis seed = new Jedis("127.0.0.1", first)) {
      ports.stream().skip(1).forEach(p -> seed.clusterMeet("127.0.0.1", p));
    }
    for (int m = 0; m < masters; m++) {
      int from = m * SLOTS / masters;
      int to = (m + 1) * SLOTS / masters;
      try (Jedis master = new Jedis("127.0.0.1", ports.get(m))) {
        master.clusterAddSlots(IntStream.range(from, to).toArray());
      }
    }
    awaitAllKnown();
    for (int m = 0; m < masters; m++) {
      String masterId;
      try (Jedis master = new Jedis("127.0.0.1", ports.get(m))) {
        masterId = master.clusterMyId();
      }
      for (int r = 0; r < replicas; r++) {
        try (Jedis replica = new Jedis("127.0.0.1", ports.get(masters + m * replicas + r))) {
          replica.clusterReplicate(masterId);
        }
      }
    }
    awaitHealthy(FORM_TIMEOUT);
    awaitReplicasInSync(masters);
  }

  private void awaitAllKnown() {
    Retry.until("the nodes of the Redis Cluster to meet", FORM_TIMEOUT, () -> {
      for (int port : ports) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
          long known = jedis.clusterNodes().lines().filter(l -> !l.contains("handshake") && !l.contains("noaddr"))
              .count();
          if (known != ports.size()) {
            return null;
          }
        }
      }
      return Boolean.TRUE;
    });
  }

  private void awaitReplicasInSync(int masters) {
    for (int port : ports.subList(masters, ports.size())) {
      Retry.until("replica " + port + " to sync", FORM_TIMEOUT, () -> {
        try (Jedis replica = new Jedis("127.0.0.1", port)) {
          return replica.info("replication").contains("master_link_status:up") ? Boolean.TRUE : null;
        }
      });
    }
  }

  private synchronized List<Integer> livePorts() {
    return List.copyOf(nodes.keySet());
  }

  private List<String[]> clusterNodes() {
    JedisException last = null;
    for (int port : livePorts()) {
      try (Jedis jedis = new Jedis("127.0.0.1", port)) {
        return jedis.clusterNodes().lines().map(l -> l.split(" ")).toList();
      } catch (JedisException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no node of the Redis Cluster answers", last);
  }

  private static boolean servesSlot(String[] node, int slot) {
    for (int i = 8; i < node.length; i++) {
      if (node[i].startsWith("[")) {
        continue;
      }
      String[] range = node[i].split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length == 1 ? from : Integer.parseInt(range[1]);
      if (slot >= from && slot <= to) {
        return true;
      }
    }
    return false;
  }

  private static int port(String address) {
    String hostPort = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private synchronized void startNode(int port) {
    Path nodeDir = dir.resolve("node-" + port);
    try {
      Files.createDirectories(nodeDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + nodeDir, e);
    }
    nodes.put(port, RedisProcess.start(binary, port, List.of("--cluster-enabled", "yes",
        "--cluster-config-file", nodeDir.resolve("nodes.conf").toAbsolutePath().toString(),
        "--dir", nodeDir.toAbsolutePath().toString(), "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
        "--save", "", "--appendonly", "no")));
  }

  /** Free client ports whose cluster bus ports (port + 10000) are free too. */
  private static List<Integer> clusterPorts(int size) {
    List<Integer> ports = new ArrayList<>();
    while (ports.size() < size) {
      int port = FreePorts.pick();
      if (port + BUS_OFFSET <= 65_535 && free(port + BUS_OFFSET) && !ports.contains(port)) {
        ports.add(port);
      }
    }
    return ports;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The binary if it is Redis 7.0 or later; otherwise an error that says what to install. */
  static Path requireVersion7(Path binary) {
    String output;
    try {
      Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + binary + " --version", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted asking " + binary + " for its version", e);
    }
    Matcher m = VERSION.matcher(output);
    if (!m.find() || Integer.parseInt(m.group(1)) < 7) {
      throw new IllegalStateException("Redis Cluster tests need redis-server 7.0 or later on the PATH (sharded "
          + "pub/sub); " + binary + " says: " + output.strip() + ". On Debian: apt-get install redis-server");
    }
    return binary;
  }

  @Override
  public synchronized void close() {
    nodes.values().forEach(RedisProcess::close);
    nodes.clear();
  }
}
