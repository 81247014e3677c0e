package io.chatrelay.launcher;

import io.chatrelay.connector.AgentConnector;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.kit.RunningService;
import io.chatrelay.kit.ServiceRunner;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.projector.SessionProjector;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Each service on its own, configured by environment, against an existing Kafka and Redis: the one way the services
 * run outside {@code relay dev}, in the image and in the crash tests alike. Exit codes are {@link ServiceRunner}'s.
 */
final class ServiceCommands {

  private ServiceCommands() {}

  private static Map<String, String> env() {
    return Map.copyOf(System.getenv());
  }

  @Command(name = "edge", mixinStandardHelpOptions = true,
      description = "Runs the edge service (chat page, REST API, browser WebSocket) on HTTP_PORT; exits 1 when its "
          + "live reader of chat-messages meets a fatal Kafka error.")
  static final class Edge implements Callable<Integer> {
    @Override
    public Integer call() {
      return ServiceRunner.standard().run("edge", () -> new EdgeService(EdgeConfig.fromEnv(env()), Clock.systemUTC()));
    }
  }

  @Command(name = "projector", mixinStandardHelpOptions = true,
      description = "Runs the session projector (chat-messages -> Redis views).")
  static final class Projector implements Callable<Integer> {
    @Override
    public Integer call() {
      return ServiceRunner.standard().run("projector",
          () -> new SessionProjector(ProjectorConfig.fromEnv(env()), Clock.systemUTC()));
    }
  }

  @Command(name = "connector", mixinStandardHelpOptions = true,
      description = "Runs the agent connector (chat-messages <-> the AI agent at AI_AGENT_WS_URL); exits 1 on a "
          + "fatal Kafka error.")
  static final class Connector implements Callable<Integer> {
    @Override
    public Integer call() {
      return ServiceRunner.standard().run("connector", () -> AgentConnector.start(ConnectorConfig.fromEnv(env())));
    }
  }

  @Command(name = "agent", mixinStandardHelpOptions = true,
      description = "Runs the demo agent alone (three personas) on DEMO_AGENT_PORT (default 8090).")
  static final class Agent implements Callable<Integer> {
    @Override
    public Integer call() {
      return ServiceRunner.standard().run("agent", () -> RunningService.untilClosed(
          DemoAgent.start(DemoAgentConfig.fromEnv(env()), Clock.systemUTC())));
    }
  }
}
