package io.chatrelay.infra;

import io.chatrelay.infra.internal.FreePorts;
import io.chatrelay.infra.internal.KafkaNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of a few nodes on loopback, each a {@link KafkaProcess} of its own that is both broker and
 * controller, with a static quorum of all of them. Each node can be SIGKILLed and restarted on its own
 * ({@code node(2).kill()}, {@code node(2).restart()}) while the others serve, as a machine of a real cluster fails.
 *
 * <p>Every node's storage is formatted with one cluster id; ports are picked once and kept, since the static quorum
 * names every controller's port. Nodes live in {@code <dir>/node-<id>}, their output in {@code <dir>/node-<id>.log}.
 * Like any {@link KafkaProcess}, a node exits by itself when this JVM does, however it ends.
 */
public final class KafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

  private final List<KafkaProcess> nodes;
  private final String clusterId;
  private boolean closed;

  private KafkaCluster(List<KafkaProcess> nodes, String clusterId) {
    this.nodes = List.copyOf(nodes);
    this.clusterId = clusterId;
  }

  /** Starts {@code size} nodes under {@code dir} with this JVM's classpath and small heaps, and waits for all. */
  public static KafkaCluster start(Path dir, int size) {
    return start(dir, size, System.getProperty("java.class.path"), KafkaProcess.DEFAULT_JVM_OPTIONS);
  }

  public static KafkaCluster start(Path dir, int size, String classpath, List<String> jvmOptions) {
    Objects.requireNonNull(dir, "dir");
    if (size < 1) {
      throw new IllegalArgumentException("a cluster has at least one node, was " + size);
    }
    long started = System.nanoTime();
    List<Integer> ports = distinctFreePorts(2 * size);
    String clusterId = Uuid.randomUuid().toString();
    List<KafkaNode> layout = KafkaNode.cluster(ports.subList(0, size), ports.subList(size, 2 * size), clusterId);
    // A node serves only once a quorum of controllers runs, so the nodes must start together, not one by one.
    List<KafkaProcess> nodes = together(layout, node -> KafkaProcess.startNode(
        dir.resolve("node-" + node.nodeId()), node, classpath, jvmOptions), KafkaProcess::kill);
    KafkaCluster cluster = new KafkaCluster(nodes, clusterId);
    try {
      cluster.awaitAllBrokers(KafkaProcess.START_TIMEOUT);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info("Kafka cluster {} of {} nodes started on {} in {} ms", clusterId, size, cluster.bootstrapServers(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    return cluster;
  }

  /** Every node's client address, comma-separated: the {@code bootstrap.servers} of a client of the cluster. */
  public String bootstrapServers() {
    return nodes.stream().map(KafkaProcess::bootstrapServers).collect(Collectors.joining(","));
  }

  /** The node with this id, as the cluster's metadata names it (1 to {@link #size()}). */
  public KafkaProcess node(int nodeId) {
    if (nodeId < 1 || nodeId > nodes.size()) {
      throw new IllegalArgumentException("no node " + nodeId + " in a cluster of " + nodes.size());
    }
    return nodes.get(nodeId - 1);
  }

  /** The nodes, node 1 first. */
  public List<KafkaProcess> nodes() {
    return nodes;
  }

  public int size() {
    return nodes.size();
  }

  public String clusterId() {
    return clusterId;
  }

  public boolean allRunning() {
    return nodes.stream().allMatch(KafkaProcess::isRunning);
  }

  /** Waits until the cluster lists every node as a live broker, as after a node's restart it does again. */
  public void awaitAllBrokers(Duration timeout) {
    KafkaReadiness.awaitBrokers(bootstrapServers(), nodes.size(), timeout);
  }

  /** SIGKILLs every node that runs: for data no one needs again, it ends the cluster at once. */
  public void kill() {
    together(nodes, node -> {
      node.kill();
      return node;
    }, node -> { });
  }

  /**
   * Stops every node cleanly, all at once: a node stopped alone after the others would wait for a quorum that has
   * gone. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    together(nodes, node -> {
      node.close();
      return node;
    }, node -> { });
  }

  /**
   * Runs {@code task} on each of {@code items} at once, one thread each, and returns the results in order. When any
   * fails, the results of the others are undone with {@code undo} and the first failure is thrown.
   */
  private static <T, R> List<R> together(List<T> items, Function<T, R> task, Consumer<R> undo) {
    List<CompletableFuture<R>> running = new ArrayList<>();
    for (T item : items) {
      CompletableFuture<R> future = new CompletableFuture<>();
      Thread thread = new Thread(() -> {
        try {
          future.complete(task.apply(item));
        } catch (Throwable e) {
          future.completeExceptionally(e);
        }
      }, "kafka-cluster-node-" + (running.size() + 1));
      thread.setDaemon(true);
      thread.start();
      running.add(future);
    }
    List<R> results = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<R> future : running) {
      try {
        results.add(future.join());
      } catch (CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
            : new IllegalStateException(e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure != null) {
      results.forEach(undo);
      throw failure;
    }
    return results;
  }

  private static List<Integer> distinctFreePorts(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(FreePorts.pick());
    }
    return List.copyOf(ports);
  }

  @Override
  public String toString() {
    return "KafkaCluster[" + clusterId + ", " + bootstrapServers() + "]";
  }
}
