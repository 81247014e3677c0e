package io.chatrelay.launcher;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a started component running until Ctrl-C (SIGINT/SIGTERM), then closes it once. */
final class Runner {

  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

  private Runner() {}

  static int runUntilStopped(String name, AutoCloseable component) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      LOG.info("{} stopping", name);
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", name, e.toString());
      } finally {
        stopped.countDown();
      }
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
