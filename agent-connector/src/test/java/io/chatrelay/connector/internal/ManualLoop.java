package io.chatrelay.connector.internal;

import io.chatrelay.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session loop on the test's own thread: a task runs at once unless another is running, in which case it runs
 * right after it, as on the real loop. Timers fire only when {@link #advance} moves the clock past them, each at
 * its own time, so a test sees exactly what a timeout or a backoff does and when, without waiting for it.
 */
final class ManualLoop implements TaskLoop {

  private final ManualClock clock;
  private final Deque<Runnable> ready = new ArrayDeque<>();
  private final List<Timer> timers = new ArrayList<>();
  private long scheduled;
  private boolean running;

  ManualLoop(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public void execute(Runnable task) {
    ready.add(task);
    if (running) {
      return;
    }
    running = true;
    try {
      for (Runnable next = ready.poll(); next != null; next = ready.poll()) {
        next.run();
      }
    } finally {
      running = false;
    }
  }

  @Override
  public Executor executor() {
    return this::execute;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return add(task, delay, null);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    return add(task, period, period);
  }

  @Override
  public <T> T call(Callable<T> task, Duration timeout) {
    List<T> result = new ArrayList<>(1);
    execute(() -> {
      try {
        result.add(task.call());
      } catch (Exception e) {
        throw new IllegalStateException("session loop task failed: " + e.getMessage(), e);
      }
    });
    return result.get(0);
  }

  /** Moves the clock on by {@code by}, firing every timer that falls due on the way, at its time and in order. */
  void advance(Duration by) {
    Instant end = clock.instant().plus(by);
    for (Timer next = nextDue(end); next != null; next = nextDue(end)) {
      clock.advance(Duration.between(clock.instant(), next.due));
      timers.remove(next);
      if (next.period != null) {
        next.due = next.due.plus(next.period);
        timers.add(next);
      } else {
        next.done = true;
      }
      execute(next.task);
    }
    clock.advance(Duration.between(clock.instant(), end));
  }

  /** Timers waiting to fire. */
  int pendingTimers() {
    return timers.size();
  }

  private Timer nextDue(Instant end) {
    return timers.stream().filter(t -> !t.due.isAfter(end))
        .min(Comparator.comparing((Timer t) -> t.due).thenComparingLong(t -> t.order)).orElse(null);
  }

  private Timer add(Runnable task, Duration delay, Duration period) {
    Timer timer = new Timer(task, clock.instant().plus(delay), period, scheduled++);
    timers.add(timer);
    return timer;
  }

  private final class Timer implements ScheduledFuture<Object> {

    private final Runnable task;
    private final Duration period;
    private final long order;
    private Instant due;
    private boolean done;
    private boolean cancelled;

    Timer(Runnable task, Instant due, Duration period, long order) {
      this.task = task;
      this.due = due;
      this.period = period;
      this.order = order;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done) {
        return false;
      }
      done = true;
      cancelled = true;
      timers.remove(this);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
