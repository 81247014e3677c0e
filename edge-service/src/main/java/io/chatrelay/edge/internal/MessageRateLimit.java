package io.chatrelay.edge.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many messages each user may send, over the WebSocket and REST alike: a token bucket per user that holds
 * {@code burst} tokens and refills at {@code perSecond}.
 *
 * <p>The buckets live in this edge instance's memory, so with N instances behind a load balancer a user could reach
 * N times the rate at most. That is enough to keep one client from starving the others; an exact global limit would
 * cost a Redis round trip per message.
 */
public final class MessageRateLimit {

  /** Buckets are dropped once there are this many and they have refilled (a full bucket is the same as none). */
  static final int SWEEP_ABOVE = 10_000;

  private final double perMilli;
  private final double burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();

  /** The answer for one message: allowed, or refused with how long to wait. */
  public record Decision(boolean allowed, long retryAfterSeconds) {

    static final Decision ALLOWED = new Decision(true, 0);
  }

  public MessageRateLimit(double perSecond, int burst, Clock clock) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate " + perSecond + "/s with burst " + burst + " allows nothing");
    }
    this.perMilli = perSecond / 1000.0;
    this.burst = burst;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes one token of {@code userId}'s bucket when there is one. */
  public Decision tryAcquire(String userId) {
    long now = clock.millis();
    Decision decision = buckets.computeIfAbsent(userId, id -> new Bucket(burst, now)).take(now);
    if (buckets.size() > SWEEP_ABOVE) {
      sweep(now);
    }
    return decision;
  }

  int tracked() {
    return buckets.size();
  }

  private void sweep(long now) {
    if (sweeping.compareAndSet(false, true)) {
      try {
        buckets.values().removeIf(bucket -> bucket.fullAt(now));
      } finally {
        sweeping.set(false);
      }
    }
  }

  private final class Bucket {

    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized Decision take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return Decision.ALLOWED;
      }
      double waitMillis = (1 - tokens) / perMilli;
      return new Decision(false, Math.max(1, (long) Math.ceil(waitMillis / 1000.0)));
    }

    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      // A clock that steps back must not drain or overfill the bucket.
      long elapsed = Math.max(0, now - at);
      tokens = Math.min(burst, tokens + elapsed * perMilli);
      at = Math.max(at, now);
    }
  }
}
