package io.chatrelay.bench.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One more edge, started as {@code relay edge} against the stack's Kafka and Redis, alone in its JVM so that its heap
 * and resident memory are the edge's own.
 */
public final class EdgeProcess implements AutoCloseable {

  private final ChildJvm child;
  private final String baseUrl;
  private final String opsUrl;

  public EdgeProcess(ProductStack stack, String heap, Map<String, String> extraEnv, Path jfr, Path workDir,
      int openFiles) {
    Map<String, String> env = new HashMap<>(ProductStack.benchmarkEnv());
    env.put("RELAY_MODE", "dev");
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
    env.put("REDIS_URL", stack.redisUrl());
    env.put("EDGE_OPS_PORT", "0");
    env.putAll(extraEnv);
    List<String> jvm = ProductStack.relayJvmOptions(heap, workDir.resolve("stack-tmp"));
    if (jfr != null) {
      jvm.add(Jfr.startOption(jfr));
    }
    this.child = ChildJvm.start("relay-edge", Classpaths.product(), jvm, Classpaths.RELAY_MAIN, List.of("edge"), env,
        openFiles, workDir.resolve("relay-edge.log"), null);
    try {
      this.baseUrl = child.await(Pattern.compile("edge listening on (http://\\S+)"), Duration.ofMinutes(2)).group(1);
      this.opsUrl = "http://" + child.await(Pattern.compile("ops endpoints listening on (\\S+:\\d+)"),
          Duration.ofMinutes(2)).group(1);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Where its {@code /metrics} answers. */
  public String opsUrl() {
    return opsUrl;
  }

  public long pid() {
    return child.pid();
  }

  @Override
  public void close() {
    child.close();
  }
}
