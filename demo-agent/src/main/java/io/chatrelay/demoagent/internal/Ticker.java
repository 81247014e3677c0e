package io.chatrelay.demoagent.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task at once and then at a fixed rate until stopped: the seam that lets a test pace streams by hand. */
@FunctionalInterface
public interface Ticker {

  /** Ticks {@code tick} now and then every {@code period} until the returned handle is stopped. */
  Ticking start(Duration period, Runnable tick);

  @FunctionalInterface
  interface Ticking {
    void stop();
  }

  /**
   * Ticks on {@code scheduler}'s threads, never the caller's. At a fixed rate, not with a fixed delay: a late tick
   * does not push the later ones back, so a stream keeps its rate on a busy scheduler.
   */
  static Ticker on(ScheduledExecutorService scheduler) {
    return (period, tick) -> {
      ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(tick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
      return () -> ticks.cancel(false);
    };
  }
}
