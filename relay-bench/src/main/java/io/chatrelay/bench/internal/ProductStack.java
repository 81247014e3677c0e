package io.chatrelay.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The product as a user starts it: {@code relay dev} in a JVM of its own (broker, Redis, demo agent, projector,
 * connector, analytics and edge), on free ports, with fresh data, and the per-user rate limit raised so that the
 * benchmark's users are not throttled. {@link #close()} stops it as Ctrl-C would and deletes its data.
 */
public final class ProductStack implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /**
   * @param heap the stack JVM's -Xmx, as {@code RELAY_HEAP}
   * @param jvmOptions JVM options added after the ones {@code ./relay} uses
   * @param extraEnv settings beyond the benchmark's defaults (e.g. {@code WS_MAX_CONNECTIONS})
   * @param jfr a Flight Recorder file to record into, or null
   */
  public record Options(String heap, List<String> jvmOptions, Map<String, String> extraEnv, Path jfr, Path workDir) {}

  private final ChildJvm process;
  private final Path dataDir;
  private final Path tmp;
  private final String baseUrl;
  private final String opsUrl;
  private final String bootstrap;
  private final String redisUrl;
  private final String agentUrl;

  private ProductStack(ChildJvm process, Path dataDir, Path tmp) {
    this.process = process;
    this.dataDir = dataDir;
    this.tmp = tmp;
    this.baseUrl = process.await(Pattern.compile("^\\s+Open\\s+(http://\\S+?)/?$"), START_TIMEOUT).group(1);
    this.opsUrl = process.await(Pattern.compile("^\\s+Ops\\s+(http://[^\\s/]+)"), START_TIMEOUT).group(1);
    this.bootstrap = process.await(Pattern.compile("^\\s+Kafka\\s+(\\S+)"), START_TIMEOUT).group(1);
    this.redisUrl = process.await(Pattern.compile("^\\s+Redis\\s+(\\S+)"), START_TIMEOUT).group(1);
    this.agentUrl = process.await(Pattern.compile("^\\s+Agent\\s+(\\S+)"), START_TIMEOUT).group(1);
  }

  public static ProductStack start(Options options) {
    Path dataDir = options.workDir().resolve("stack-data");
    // Not inside the data folder: native libraries (RocksDB) unpack there while the stack runs.
    Path tmp = options.workDir().resolve("stack-tmp");
    Map<String, String> env = new HashMap<>(benchmarkEnv());
    env.putAll(options.extraEnv());
    List<String> jvm = relayJvmOptions(options.heap(), tmp);
    if (options.jfr() != null) {
      jvm.add(Jfr.startOption(options.jfr()));
    }
    jvm.addAll(options.jvmOptions());
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChildJvm child = ChildJvm.start("relay-dev", Classpaths.product(), jvm, Classpaths.RELAY_MAIN,
        List.of("dev", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--agent-port", "0"),
        env, 65_536, options.workDir().resolve("relay-dev.log"), null);
    try {
      return new ProductStack(child, dataDir, tmp);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }

  /**
   * The JVM options {@code ./relay} starts a product JVM with (keep the two in step): the heap, and where native
   * libraries unpack.
   */
  static List<String> relayJvmOptions(String heap, Path tmp) {
    return new ArrayList<>(List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp));
  }

  /**
   * What the benchmark changes from a plain {@code relay dev}: free ports, no per-user throttling, and whole answers
   * from the demo agent (the exchange, REST and connections figures and their baselines are of whole answers; the
   * streams scenario sets its own pace).
   */
  static Map<String, String> benchmarkEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_PORT", "0");
    env.put("PROJECTOR_OPS_PORT", "0");
    env.put("CONNECTOR_OPS_PORT", "0");
    env.put("EDGE_OPS_PORT", "0");
    env.put("RATE_LIMIT_MESSAGES_PER_SECOND", "1000000");
    env.put("RATE_LIMIT_BURST", "1000000");
    // Every simulated browser connects from 127.0.0.1: no per-address limit either (the edge's
    // EdgeConfig.ONE_ADDRESS_LIMITS; the benchmark harness does not depend on the edge, so it says them again).
    env.put("RATE_LIMIT_IP_MESSAGES_PER_SECOND", "1000000");
    env.put("RATE_LIMIT_IP_BURST", "1000000");
    env.put("RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE", "1000000");
    env.put("RATE_LIMIT_SESSIONS_PER_IP_PER_MINUTE", "1000000");
    env.put("WS_MAX_CONNECTIONS_PER_IP", "10000000");
    env.put("DEMO_AGENT_TOKENS_PER_SECOND", "0");
    // A stack of its own, whatever the caller's shell points at.
    env.put("KAFKA_BOOTSTRAP_SERVERS", null);
    env.put("REDIS_URL", null);
    env.put("AI_AGENT_WS_URL", null);
    return env;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The edge's ops listener ({@code /metrics}, {@code /health/ready}), such as {@code http://127.0.0.1:8081}. */
  public String opsUrl() {
    return opsUrl;
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public String redisUrl() {
    return redisUrl;
  }

  public String agentUrl() {
    return agentUrl;
  }

  public int redisPort() {
    return Integer.parseInt(redisUrl.replaceAll(".*:(\\d+)/?$", "$1"));
  }

  public long pid() {
    return process.pid();
  }

  public ChildJvm process() {
    return process;
  }

  @Override
  public void close() {
    try {
      process.close();
    } finally {
      deleteTree(dataDir);
      deleteTree(tmp);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // leftovers in the work directory are harmless
    }
  }
}
