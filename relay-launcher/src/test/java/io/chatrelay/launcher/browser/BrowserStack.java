package io.chatrelay.launcher.browser;

import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.launcher.DevStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole product for the browser tests: a {@link DevStack} (real broker, Redis, projector, connector, edge)
 * whose agent is a demo agent the tests own, so they can stop it and start it again on the same port. One stack per
 * test JVM is shared by the classes that take it as a parameter; each test uses its own user, so none sees another's
 * conversations.
 */
final class BrowserStack implements AutoCloseable {

  /** A little thinking time, as a real agent has; short, so a 50-message conversation is written quickly. */
  static final Duration AGENT_LATENCY = Duration.ofMillis(300);
  static final Path WORK = Path.of("target", "browser");

  private final DevStack stack;
  private final Path dataDir;
  private final DemoAgentConfig agentConfig;
  private volatile DemoAgent agent;

  private BrowserStack(DevStack stack, Path dataDir, DemoAgentConfig agentConfig, DemoAgent agent) {
    this.stack = stack;
    this.dataDir = dataDir;
    this.agentConfig = agentConfig;
    this.agent = agent;
  }

  /** @param extraEnv settings on top of the tests' defaults, such as the connector's retry timings */
  static BrowserStack start(Map<String, String> extraEnv) {
    DemoAgentConfig config = new DemoAgentConfig(0, AGENT_LATENCY, Duration.ZERO, 0.0, 42L);
    DemoAgent agent = DemoAgent.start(config, Clock.systemUTC());
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_PORT", "0");
    env.put("PROJECTOR_OPS_PORT", "0");
    env.put("CONNECTOR_OPS_PORT", "0");
    env.put("EDGE_OPS_PORT", "0");
    env.put("AI_AGENT_WS_URL", agent.url());
    // The 50-message conversation is written quickly through the API; the rate limit is not under test here.
    env.put("RATE_LIMIT_BURST", "1000");
    env.putAll(extraEnv);
    Path dataDir = WORK.resolve("stack-" + UUID.randomUUID());
    try {
      DevStack stack = DevStack.start(new DevStack.Options(dataDir, true, 0, 0), env);
      return new BrowserStack(stack, dataDir, config.withPort(agent.port()), agent);
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
  }

  String baseUrl() {
    return stack.baseUrl();
  }

  DevStack devStack() {
    return stack;
  }

  Map<String, String> env() {
    return stack.env();
  }

  void stopAgent() {
    agent.close();
  }

  /** The agent again, on the port the connector knows. */
  void startAgent() {
    agent = DemoAgent.start(agentConfig, Clock.systemUTC());
  }

  @Override
  public void close() {
    try (DemoAgent a = agent) {
      stack.close();
    } finally {
      deleteTree(dataDir); // the broker's and Redis's files are of no use after the run
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** Hands test classes the JVM's shared stack, started on first use and closed when the test run ends. */
  static final class Shared implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == BrowserStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(Holder.class, k -> new Holder(BrowserStack.start(Map.of())), Holder.class).stack;
    }

    private record Holder(BrowserStack stack) implements ExtensionContext.Store.CloseableResource {

      @Override
      public void close() {
        stack.close();
      }
    }
  }
}
