package io.chatrelay.connector.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread all session state lives on. Nothing on it blocks (sockets and the producer are asynchronous),
 * so one thread serves every session concurrently: a slow answer in one session is a pending future, not a waiting
 * thread, and cannot hold up another session. One thread also means session state needs no locks. Timers (reply
 * timeouts, backoff, heartbeats, idle checks) run here too, so they never race with the events they guard.
 */
public final class SessionLoop implements TaskLoop, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionLoop.class);

  private final ScheduledThreadPoolExecutor executor;
  private final Executor guarded;

  public SessionLoop(String threadName) {
    executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    guarded = this::execute;
  }

  @Override
  public void execute(Runnable task) {
    try {
      executor.execute(guard(task));
    } catch (RejectedExecutionException e) {
      LOG.debug("session loop closed; dropping a task");
    }
  }

  @Override
  public Executor executor() {
    return guarded;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return executor.schedule(guard(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    long millis = Math.max(1, period.toMillis());
    try {
      return executor.scheduleAtFixedRate(guard(task), millis, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  /** For the poll thread's rebalance callbacks. */
  @Override
  public <T> T call(Callable<T> task, Duration timeout) {
    try {
      return executor.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the session loop", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("session loop task failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("session loop did not answer within " + timeout, e);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("session loop is closed", e);
    }
  }

  private static Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("session loop task failed", e);
      }
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("session loop did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
