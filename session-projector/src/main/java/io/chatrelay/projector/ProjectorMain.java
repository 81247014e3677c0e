package io.chatrelay.projector;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the projector until the process is stopped. Configuration comes from the environment. */
public final class ProjectorMain {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectorMain.class);

  private ProjectorMain() {}

  public static void main(String[] args) {
    ProjectorConfig config;
    try {
      config = ProjectorConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    SessionProjector projector;
    try {
      projector = new SessionProjector(config);
    } catch (RuntimeException e) {
      LOG.error("{} failed to start", SessionProjector.SERVICE, e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        projector.close();
      } finally {
        stopped.countDown();
      }
    }, "projector-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
