package io.chatrelay.demoagent.internal;

import java.time.Duration;

/**
 * When each token of a stream is due: token {@code i} at {@code i / tokensPerSecond} seconds after the first. The
 * stream ticks every {@link #period()} and sends on each tick the tokens that have fallen due, so high rates go out
 * in small batches instead of one scheduler wake-up per token.
 */
public record Pace(int tokensPerSecond) {

  /** About what a reader can tell apart; shorter ticks would only cost wake-ups. */
  static final Duration MIN_PERIOD = Duration.ofMillis(10);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  public Pace {
    if (tokensPerSecond < 1) {
      throw new IllegalArgumentException("tokensPerSecond must be at least 1, got " + tokensPerSecond);
    }
  }

  /** One token's worth of time, rounded up so that a tick never comes before its token, but at least MIN_PERIOD. */
  public Duration period() {
    long oneToken = (NANOS_PER_SECOND + tokensPerSecond - 1) / tokensPerSecond;
    return Duration.ofNanos(Math.max(oneToken, MIN_PERIOD.toNanos()));
  }

  /** How many of {@code total} tokens are due once tick {@code tick} (0 for the first, at once) has run. */
  public int dueAfterTick(long tick, int total) {
    long elapsedNanos = tick * period().toNanos();
    // Whole seconds and the rest apart, so that a long stream at a high rate cannot overflow.
    long due = elapsedNanos / NANOS_PER_SECOND * tokensPerSecond
        + elapsedNanos % NANOS_PER_SECOND * tokensPerSecond / NANOS_PER_SECOND + 1;
    return (int) Math.min(total, due);
  }

  /** From the first tick to the tick that sends the last of {@code total} tokens. */
  public Duration duration(int total) {
    long tick = 0;
    while (dueAfterTick(tick, total) < total) {
      tick++;
    }
    return period().multipliedBy(tick);
  }
}
