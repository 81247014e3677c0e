package io.chatrelay.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the edge alone, configured from the environment. */
public final class EdgeMain {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeMain.class);

  private EdgeMain() {}

  public static void main(String[] args) {
    EdgeConfig config;
    try {
      config = EdgeConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("edge-service: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!config.devMode() && !config.signIn().cookieSecure()) {
      LOG.warn("RELAY_MODE=production with ALLOW_INSECURE_COOKIE=true: the session cookie may travel over plain HTTP;"
          + " for testing only");
    }
    EdgeService service = new EdgeService(config);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "edge-shutdown"));
  }
}
