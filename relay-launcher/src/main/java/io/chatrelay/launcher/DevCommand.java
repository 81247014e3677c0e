package io.chatrelay.launcher;

import io.chatrelay.kit.ServiceRunner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev", mixinStandardHelpOptions = true,
    description = {
        "Runs the whole product in one process, on a Kafka broker and a Redis of its own: start here.",
        "A real Kafka broker (KRaft) on 127.0.0.1:9092, Redis, the demo agent, the session projector, the agent",
        "connector and the edge on HTTP_PORT (default 8080).",
        "KAFKA_BOOTSTRAP_SERVERS, REDIS_URL and AI_AGENT_WS_URL use existing servers instead of starting them."})
final class DevCommand implements Callable<Integer> {

  @Option(names = "--fresh", description = "Delete the local Kafka and Redis data first.")
  boolean fresh;

  @Option(names = "--data-dir", description = "Where the broker and Redis keep their data (default: .relay-data).")
  Path dataDir;

  // Free ports (0) let a second stack run beside a developer's own, as the benchmarks do.
  @Option(names = "--kafka-port", defaultValue = "" + DevStack.DEV_KAFKA_PORT,
      description = "Port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--agent-port", defaultValue = "" + DevStack.DEV_AGENT_PORT,
      description = "Port of the demo agent (default: a free one).")
  int agentPort;

  static final String DEV_STREAM_RATE_ENV = "DEMO_AGENT_TOKENS_PER_SECOND";
  static final String DEV_STREAM_RATE = "30";

  @Override
  public Integer call() {
    Path dir = dataDir != null ? dataDir : DevStack.defaultDataDir();
    Map<String, String> env = new HashMap<>(System.getenv());
    // Someone trying the product sees answers being written, as from a real agent; the tests' stacks do not wait.
    env.putIfAbsent(DEV_STREAM_RATE_ENV, DEV_STREAM_RATE);
    return ServiceRunner.standard().run("dev", () -> {
      DevStack stack = DevStack.start(new DevStack.Options(dir, fresh, kafkaPort, agentPort), Map.copyOf(env));
      printWelcome(stack);
      return stack;
    });
  }

  private static void printWelcome(DevStack stack) {
    System.out.println();
    System.out.println("  Chat relay is running.");
    System.out.println("  Open        " + stack.pageUrl());
    System.out.println("  Kafka       " + stack.bootstrapServers() + "  (topic chat-messages)");
    System.out.println("  Redis       " + stack.redisUrl());
    System.out.println("  Agent       " + stack.agentUrl());
    System.out.println("  Ops         " + stack.opsUrl() + "/health/ready, /metrics  (the edge's; loopback only)");
    System.out.println("  Stop with Ctrl-C.");
    System.out.println();
  }
}
