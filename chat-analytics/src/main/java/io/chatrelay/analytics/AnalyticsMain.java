package io.chatrelay.analytics;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the analytics job until the process is stopped. Configuration comes from the environment. */
public final class AnalyticsMain {

  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsMain.class);

  private AnalyticsMain() {}

  public static void main(String[] args) {
    AnalyticsConfig config;
    try {
      config = AnalyticsConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    ChatAnalytics analytics;
    try {
      analytics = new ChatAnalytics(config);
    } catch (RuntimeException e) {
      LOG.error("{} failed to start", ChatAnalytics.SERVICE, e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        analytics.close();
      } finally {
        stopped.countDown();
      }
    }, "analytics-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
