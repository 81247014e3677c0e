package io.chatrelay.connector.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One session's use of its endpoint's breaker: a call holds a permission from {@link #tryStart()} until exactly
 * one of {@link #succeeded()}, {@link #failed(Throwable)} or {@link #release()}; a permission never recorded would
 * leave a half-open breaker waiting for a probe that never reports. Also remembers whether this session's user was
 * told the agent is unavailable, so they hear it once per outage and hear when it is over. Session loop only.
 */
final class BreakerGate {

  private final CircuitBreaker breaker;
  private final Clock clock;
  private Instant startedAt;
  private boolean toldUnavailable;

  BreakerGate(CircuitBreaker breaker, Clock clock) {
    this.breaker = breaker;
    this.clock = clock;
  }

  /** Takes a permission for one call; false while the breaker refuses calls. */
  boolean tryStart() {
    if (!breaker.tryAcquirePermission()) {
      return false;
    }
    startedAt = clock.instant();
    return true;
  }

  void succeeded() {
    if (startedAt != null) {
      breaker.onSuccess(elapsedMillis(), TimeUnit.MILLISECONDS);
      startedAt = null;
    }
  }

  void failed(Throwable cause) {
    if (startedAt != null) {
      breaker.onError(elapsedMillis(), TimeUnit.MILLISECONDS, cause);
      startedAt = null;
    }
  }

  /** Gives a permission back unused (the call was abandoned, not answered). */
  void release() {
    if (startedAt != null) {
      breaker.releasePermission();
      startedAt = null;
    }
  }

  /** Whether failures are still the retry policy's business (the breaker has not given up on the agent). */
  boolean closed() {
    return breaker.getState() == CircuitBreaker.State.CLOSED;
  }

  /** True the first time in an outage: the caller tells the user. */
  boolean tellUnavailable() {
    if (toldUnavailable) {
      return false;
    }
    toldUnavailable = true;
    return true;
  }

  /** True if the user was told of an outage that is now over: the caller tells them it is back. */
  boolean tellAvailable() {
    boolean told = toldUnavailable;
    toldUnavailable = false;
    return told;
  }

  private long elapsedMillis() {
    return Math.max(0, Duration.between(startedAt, clock.instant()).toMillis());
  }
}
