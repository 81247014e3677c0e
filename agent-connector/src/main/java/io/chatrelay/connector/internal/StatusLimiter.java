package io.chatrelay.connector.internal;

import java.time.Clock;

/**
 * A token bucket for one session's agent status frames. Each status is an event in the log and a frame to every
 * browser of the session, so an agent that chatters (or is made to) must not turn one question into thousands of
 * events. Session loop only, so no locks.
 */
final class StatusLimiter {

  private final Clock clock;
  private final double perSecond;
  private final int burst;
  private double tokens;
  private long lastNanos;

  StatusLimiter(Clock clock, double perSecond, int burst) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nanos();
  }

  /** Takes one token when there is one; false means the status is dropped. */
  boolean tryAcquire() {
    long now = nanos();
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private long nanos() {
    var instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
