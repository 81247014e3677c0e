package io.chatrelay.launcher.tools.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) for a tool: the JVM runs this hook, which marks the run interrupted and wakes the reader; the
 * tool stops, tidies up (closes or removes its output) and {@link #close()}s, and only then does the JVM exit, with
 * status 130 as shells expect after SIGINT.
 */
public final class Interruption implements AutoCloseable {

  /** How long Ctrl-C waits for the tool to tidy up before the JVM exits anyway. */
  private static final long TIDY_UP_SECONDS = 10;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean interrupted;

  public Interruption(Runnable wakeup) {
    this.hook = new Thread(() -> {
      interrupted = true;
      wakeup.run();
      try {
        finished.await(TIDY_UP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "relay-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public boolean interrupted() {
    return interrupted;
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down because of Ctrl-C: the hook is running and has just been released.
    }
  }
}
