package io.chatrelay.infra;

import io.chatrelay.infra.internal.FreePorts;
import io.chatrelay.infra.internal.RedisBinary;
import io.chatrelay.infra.internal.RedisProcess;
import io.chatrelay.infra.internal.Retry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A Redis master, one replica and one Sentinel watching them, each a {@code redis-server} child on loopback: the
 * smallest deployment whose master fails over by itself. {@link #killMaster()} SIGKILLs the master; the Sentinel
 * promotes the replica once the master has been silent for {@code downAfter}.
 */
public final class RedisSentinelGroup implements AutoCloseable {

  public static final String MASTER_NAME = "views";
  private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelGroup.class);

  private final List<RedisProcess> processes = new ArrayList<>();
  private final int masterPort;
  private final int replicaPort;
  private final int sentinelPort;
  private RedisProcess master;

  private RedisSentinelGroup(Path dir, Duration downAfter) {
    Path binary = RedisBinary.locate();
    masterPort = FreePorts.pick();
    replicaPort = FreePorts.pick();
    sentinelPort = FreePorts.pick();
    master = RedisProcess.start(binary, masterPort, List.of("--save", "", "--appendonly", "no"));
    processes.add(master);
    processes.add(RedisProcess.start(binary, replicaPort, List.of("--save", "", "--appendonly", "no",
        "--replicaof", "127.0.0.1", Integer.toString(masterPort))));
    Path config = dir.resolve("sentinel.conf");
    try {
      Files.createDirectories(dir);
      Files.writeString(config, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1\n"
          + "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfter.toMillis() + "\n"
          + "sentinel failover-timeout " + MASTER_NAME + " 10000\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + config, e);
    }
    processes.add(RedisProcess.start(binary, config, sentinelPort, List.of("--sentinel")));
  }

  /** Starts the three processes under {@code dir} and waits until the replica has synced. */
  public static RedisSentinelGroup start(Path dir, Duration downAfter) {
    Objects.requireNonNull(dir, "dir");
    RedisSentinelGroup group = new RedisSentinelGroup(dir, downAfter);
    try {
      group.awaitMaster(group.replicaPort, "master_link_status:up", Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      group.close();
      throw e;
    }
    LOG.info("Redis master {}, replica {}, Sentinel {} started", group.masterPort, group.replicaPort,
        group.sentinelPort);
    return group;
  }

  /** The {@code REDIS_URL} that reaches the master through the Sentinel. */
  public String url() {
    return "redis-sentinel://127.0.0.1:" + sentinelPort + "/" + MASTER_NAME;
  }

  public int masterPort() {
    return masterPort;
  }

  public int replicaPort() {
    return replicaPort;
  }

  /** SIGKILLs the master. */
  public synchronized void killMaster() {
    master.kill();
    processes.remove(master);
    LOG.info("Redis master {} killed (SIGKILL)", masterPort);
  }

  /** Waits until the Sentinel names the replica as the master and the replica says it is one. */
  public void awaitFailover(Duration timeout) {
    Retry.until("the Sentinel to promote the replica", timeout, () -> {
      try (Jedis sentinel = new Jedis("127.0.0.1", sentinelPort)) {
        boolean named = sentinel.sentinelGetMasterAddrByName(MASTER_NAME).get(1)
            .equals(Integer.toString(replicaPort));
        return named ? Boolean.TRUE : null;
      }
    });
    awaitMaster(replicaPort, "role:master", timeout);
  }

  private void awaitMaster(int port, String infoLine, Duration timeout) {
    Retry.until("Redis on " + port + " to say " + infoLine, timeout, () -> {
      try (Jedis jedis = new Jedis("127.0.0.1", port)) {
        return jedis.info("replication").contains(infoLine) ? Boolean.TRUE : null;
      }
    });
  }

  @Override
  public synchronized void close() {
    processes.forEach(RedisProcess::close);
    processes.clear();
  }
}
