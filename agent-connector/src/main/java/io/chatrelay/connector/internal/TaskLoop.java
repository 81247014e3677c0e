package io.chatrelay.connector.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * The one thread session state lives on, as the session machinery uses it: tasks now, later or periodically, one at
 * a time. {@link SessionLoop} is the running one; a test drives one by a manual clock, so reply timeouts, backoff
 * and idle checks are checked without waiting for them.
 */
public interface TaskLoop {

  /** Runs {@code task} on the loop; a task that throws is logged, never silently lost. */
  void execute(Runnable task);

  /** An {@link Executor} view, for {@code thenApplyAsync(..., loop.executor())}. */
  Executor executor();

  /** Runs {@code task} on the loop after {@code delay}; null once the loop is closed (nothing will run). */
  ScheduledFuture<?> schedule(Runnable task, Duration delay);

  /** Runs {@code task} every {@code period}, first after one period; null once the loop is closed. */
  ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period);

  /** Runs {@code task} on the loop and waits for its result, from a thread other than the loop's. */
  <T> T call(Callable<T> task, Duration timeout);

  /** Cancels {@code timer} if there is one; returns null, so that {@code t = cancel(t)} also forgets it. */
  static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
    return null;
  }
}
