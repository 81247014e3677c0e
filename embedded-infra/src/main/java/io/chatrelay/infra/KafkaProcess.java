package io.chatrelay.infra;

import io.chatrelay.infra.internal.FreePorts;
import io.chatrelay.infra.internal.KafkaNode;
import io.chatrelay.infra.internal.Retry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker of {@link EmbeddedKafka}, but in a child JVM of its own, so that it can fail the way a machine does:
 * {@link #kill()} sends SIGKILL (no shutdown hook, no clean log close, unflushed writes left to recovery), and
 * {@link #restart()} starts a new child on the same data directory and port.
 *
 * <p>The child runs {@link #main} with the classpath given (by default this JVM's). Besides {@link #close()}, it
 * exits by itself when its standard input ends, which happens when the parent JVM exits or dies however it dies,
 * so no broker outlives the tests that started it. Its output goes to {@code <dataDir>.log}. A {@link KafkaCluster}
 * runs several, one per node.
 */
public final class KafkaProcess extends RestartableServer {

  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** Small on purpose: a test broker holds little, and the machine runs other JVMs beside it. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");

  private static final Logger LOG = LoggerFactory.getLogger(KafkaProcess.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final int port;
  private final String classpath;
  private final List<String> jvmOptions;
  /** Who the child is in its cluster, or empty for a single-node cluster of its own. */
  private final List<String> nodeArgs;
  private Process process;

  private KafkaProcess(Path dataDir, int port, List<String> nodeArgs, String classpath, List<String> jvmOptions) {
    this.dataDir = dataDir.toAbsolutePath();
    this.port = port;
    this.nodeArgs = List.copyOf(nodeArgs);
    this.classpath = classpath;
    this.jvmOptions = List.copyOf(jvmOptions);
    // No shutdown hook: the child ends with its standard input, which the JVM's exit closes, and a hook of ours
    // would kill the broker while the owners' own hooks still need it to close their clients.
    startServer();
  }

  /** Starts a broker child on {@code dataDir} with this JVM's classpath; port 0 picks a free one, kept on restart. */
  public static KafkaProcess start(Path dataDir, int port) {
    return start(dataDir, port, System.getProperty("java.class.path"), DEFAULT_JVM_OPTIONS);
  }

  public static KafkaProcess start(Path dataDir, int port, String classpath, List<String> jvmOptions) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(classpath, "classpath");
    return new KafkaProcess(dataDir, FreePorts.resolve(port), List.of(), classpath, jvmOptions);
  }

  /** Starts a child that is {@code node} of a cluster; it answers only once a quorum of the cluster's nodes runs. */
  static KafkaProcess startNode(Path dataDir, KafkaNode node, String classpath, List<String> jvmOptions) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(classpath, "classpath");
    return new KafkaProcess(dataDir, node.brokerPort(), node.toArgs(), classpath, jvmOptions);
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Where the child's output goes. */
  public Path logFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The child's process id; fails when it is not running. */
  public synchronized long pid() {
    if (!isRunning()) {
      throw new IllegalStateException("Kafka broker " + bootstrapServers() + " is not running");
    }
    return process.pid();
  }

  /** SIGKILL, then waits until the process is gone. Does nothing when it is not running. */
  public synchronized void kill() {
    if (!isRunning()) {
      return;
    }
    long started = System.nanoTime();
    process.destroyForcibly();
    awaitExit();
    LOG.info("Kafka broker {} killed (SIGKILL) after {} ms", bootstrapServers(), elapsedMillis(started));
  }

  /** SIGTERM: the broker shuts down cleanly. Does nothing when it is not running. */
  @Override
  public synchronized void stop() {
    if (!isRunning()) {
      return;
    }
    process.destroy();
    awaitExit();
    LOG.info("Kafka broker {} stopped", bootstrapServers());
  }

  @Override
  protected String describe() {
    return "Kafka broker " + bootstrapServers();
  }

  @Override
  protected synchronized void startServer() {
    long started = System.nanoTime();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, KafkaProcess.class.getName(), dataDir.toString()));
    command.addAll(nodeArgs.isEmpty() ? List.of(Integer.toString(port)) : nodeArgs);
    try {
      Files.createDirectories(dataDir.getParent());
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot launch a Kafka broker JVM for " + dataDir, e);
    }
    Process child = process;
    try {
      Retry.until("Kafka broker child " + bootstrapServers() + " to answer", START_TIMEOUT, () -> {
        if (!child.isAlive()) {
          throw new Retry.GiveUp("Kafka broker child exited with code " + child.exitValue() + "; see " + logFile());
        }
        KafkaReadiness.awaitBrokerReady(bootstrapServers(), Duration.ofSeconds(2));
        return Boolean.TRUE;
      });
    } catch (RuntimeException e) {
      child.destroyForcibly();
      throw e;
    }
    LOG.info("Kafka broker {} started as process {} in {} ms", bootstrapServers(), child.pid(),
        elapsedMillis(started));
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Kafka broker {} did not exit within {}; killing it", bootstrapServers(), STOP_TIMEOUT);
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static long elapsedMillis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  @Override
  public String toString() {
    return "KafkaProcess[" + bootstrapServers() + ", " + dataDir + "]";
  }

  /**
   * The child: {@code KafkaProcess <dataDir> <port>} runs a single-node broker, {@code KafkaProcess <dataDir> <node
   * id> <port> <controller port> <voters> <cluster id>} one node of a cluster, until its standard input ends.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 && args.length != 1 + KafkaNode.ARG_COUNT) {
      System.err.println("usage: KafkaProcess <data directory> (<port> | <node id> <port> <controller port> <voters>"
          + " <cluster id>)");
      System.exit(2);
    }
    Path dataDir = Path.of(args[0]);
    EmbeddedKafka kafka = args.length == 2 ? EmbeddedKafka.start(dataDir, Integer.parseInt(args[1]))
        : EmbeddedKafka.startNode(dataDir, KafkaNode.fromArgs(List.of(args).subList(1, args.length)));
    System.out.println("Kafka broker ready on " + kafka.bootstrapServers());
    System.out.flush();
    // Standard input ends when the parent closes it or dies: either way the broker must not outlive it.
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // nothing is expected on it
      }
    }
    kafka.close();
    System.exit(0);
  }
}
