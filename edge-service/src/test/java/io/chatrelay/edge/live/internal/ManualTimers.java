package io.chatrelay.edge.live.internal;

import io.chatrelay.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xnio.XnioExecutor;

/**
 * A socket's I/O-thread timers on a manual clock: a task runs only when {@link #advance} moves the clock past its
 * time, each at its own time and in order, so heartbeats, grace periods and rechecks are checked without waiting.
 */
final class ManualTimers {

  private static final int RUNAWAY = 100_000;

  private record Timer(Instant due, long order, Runnable task) {}

  private final ManualClock clock;
  private final List<Timer> timers = new ArrayList<>();
  private long scheduled;

  ManualTimers(ManualClock clock) {
    this.clock = clock;
  }

  XnioExecutor.Key schedule(Duration delay, Runnable task) {
    Timer timer = new Timer(clock.instant().plus(delay), scheduled++, task);
    timers.add(timer);
    return () -> timers.remove(timer);
  }

  /**
   * Moves the clock on by {@code by}, running every task that falls due on the way. Fails, rather than spinning,
   * when tasks keep scheduling each other with no time passing.
   */
  void advance(Duration by) {
    Instant end = clock.instant().plus(by);
    for (int ran = 0; ; ran++) {
      if (ran > RUNAWAY) {
        throw new AssertionError("more than " + RUNAWAY + " timer tasks within " + by + ": a timer without a delay?");
      }
      Timer next = timers.stream().filter(t -> !t.due().isAfter(end))
          .min(Comparator.comparing(Timer::due).thenComparingLong(Timer::order)).orElse(null);
      if (next == null) {
        break;
      }
      clock.advance(Duration.between(clock.instant(), next.due()));
      timers.remove(next);
      next.task().run();
    }
    clock.advance(Duration.between(clock.instant(), end));
  }

  int pending() {
    return timers.size();
  }
}
