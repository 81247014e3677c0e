package io.chatrelay.connector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the agent connector configured from the environment until the process is stopped. */
public final class ConnectorMain {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorMain.class);

  private ConnectorMain() {}

  public static void main(String[] args) throws InterruptedException {
    ConnectorConfig config;
    try {
      config = ConnectorConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("agent-connector: " + e.getMessage());
      System.exit(2);
      return;
    }
    AgentConnector connector = AgentConnector.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(connector::close, "connector-shutdown"));
    connector.awaitStopped();
    if (connector.failure() != null) {
      LOG.error("agent connector stopped by a fatal error; exiting");
      connector.close();
      System.exit(1);
    }
  }
}
