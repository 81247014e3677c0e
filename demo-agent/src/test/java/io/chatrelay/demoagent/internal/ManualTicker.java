package io.chatrelay.demoagent.internal;

import io.chatrelay.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Tickers on a manual clock: a tick runs only when {@link #advance} moves the clock to its time, each at its own time
 * and in order, so a stream's pace is checked without waiting.
 */
final class ManualTicker implements Ticker {

  private static final int RUNAWAY = 1_000_000;

  private final class Ticks implements Ticking {
    private final Duration period;
    private final Runnable tick;
    private Instant due;

    Ticks(Duration period, Runnable tick) {
      this.period = period;
      this.tick = tick;
      this.due = clock.instant();
    }

    @Override
    public void stop() {
      running.remove(this);
    }
  }

  private final ManualClock clock;
  private final List<Ticks> running = new ArrayList<>();

  ManualTicker(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public Ticking start(Duration period, Runnable tick) {
    Ticks ticks = new Ticks(period, tick);
    running.add(ticks);
    return ticks;
  }

  /** Moves the clock on by {@code by}, running every tick that falls due on the way (those due now included). */
  void advance(Duration by) {
    Instant end = clock.instant().plus(by);
    for (int ran = 0; ; ran++) {
      if (ran > RUNAWAY) {
        throw new AssertionError("more than " + RUNAWAY + " ticks within " + by);
      }
      Ticks next = running.stream().filter(t -> !t.due.isAfter(end)).min(Comparator.comparing(t -> t.due)).orElse(null);
      if (next == null) {
        break;
      }
      clock.advance(Duration.between(clock.instant(), next.due));
      next.due = next.due.plus(next.period);
      next.tick.run();
    }
    clock.advance(Duration.between(clock.instant(), end));
  }

  /** Tickers started and not stopped. */
  int running() {
    return running.size();
  }
}
