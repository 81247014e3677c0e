package io.chatrelay.connector.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Exponential backoff with full jitter: the delay before retry {@code n} (from 0) is uniformly random in
 * {@code [0, min(cap, base * 2^n)]}. Full jitter rather than a fixed or "equal" jitter because after an agent
 * outage every session retries at once; spreading them over the whole window keeps the agent from being hit by a
 * synchronised wave of reconnects.
 */
public final class Backoff {

  private final long baseMillis;
  private final long capMillis;
  private final Random random;

  public Backoff(Duration base, Duration cap, Random random) {
    this.baseMillis = Objects.requireNonNull(base, "base").toMillis();
    this.capMillis = Objects.requireNonNull(cap, "cap").toMillis();
    this.random = Objects.requireNonNull(random, "random");
    if (baseMillis < 0 || capMillis < baseMillis) {
      throw new IllegalArgumentException("backoff needs 0 <= base <= cap, got base=" + baseMillis + "ms cap="
          + capMillis + "ms");
    }
  }

  /** The largest delay retry {@code attempt} may wait: {@code min(cap, base * 2^attempt)}, without overflow. */
  public Duration ceiling(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative, got " + attempt);
    }
    if (baseMillis == 0) {
      return Duration.ZERO;
    }
    // base * 2^attempt exceeds cap as soon as the shift would pass cap's highest bit; stop before overflowing.
    if (attempt >= Long.numberOfLeadingZeros(baseMillis) - 1) {
      return Duration.ofMillis(capMillis);
    }
    return Duration.ofMillis(Math.min(capMillis, baseMillis << attempt));
  }

  /** A random delay in {@code [0, ceiling(attempt)]}, both ends included. */
  public Duration delay(int attempt) {
    long ceiling = ceiling(attempt).toMillis();
    return Duration.ofMillis(random.nextLong(ceiling + 1));
  }
}
