package io.chatrelay.launcher;

import io.chatrelay.connector.AgentConnector;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.projector.SessionProjector;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Each service on its own, configured by environment, against an existing Kafka and Redis. */
final class ServiceCommands {

  private ServiceCommands() {}

  private static Map<String, String> env() {
    return Map.copyOf(System.getenv());
  }

  @Command(name = "edge", mixinStandardHelpOptions = true,
      description = "Runs the edge service (chat page, REST API, browser WebSocket) on HTTP_PORT.")
  static final class Edge implements Callable<Integer> {
    @Override
    public Integer call() {
      return Runner.runUntilStopped("edge", new EdgeService(EdgeConfig.fromEnv(env()), Clock.systemUTC()));
    }
  }

  @Command(name = "projector", mixinStandardHelpOptions = true,
      description = "Runs the session projector (chat-messages -> Redis views).")
  static final class Projector implements Callable<Integer> {
    @Override
    public Integer call() {
      return Runner.runUntilStopped("projector", new SessionProjector(ProjectorConfig.fromEnv(env()), Clock.systemUTC()));
    }
  }

  @Command(name = "connector", mixinStandardHelpOptions = true,
      description = "Runs the agent connector (chat-messages <-> the AI agent at AI_AGENT_WS_URL).")
  static final class Connector implements Callable<Integer> {
    @Override
    public Integer call() {
      return Runner.runUntilStopped("connector",
          AgentConnector.start(ConnectorConfig.fromEnv(env())));
    }
  }

  @Command(name = "agent", mixinStandardHelpOptions = true,
      description = "Runs the demo agent alone (three personas) on DEMO_AGENT_PORT (default 8090).")
  static final class Agent implements Callable<Integer> {
    @Override
    public Integer call() {
      return Runner.runUntilStopped("agent", DemoAgent.start(DemoAgentConfig.fromEnv(env()), Clock.systemUTC()));
    }
  }
}
