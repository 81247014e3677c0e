package io.chatrelay.edge.auth;

import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How often each key (a user id, a client address) may do one thing: a token bucket per key that holds
 * {@code burst} tokens and refills at {@code perSecond}.
 *
 * <p>The buckets live in this edge instance's memory, so with N instances behind a load balancer a key could reach
 * N times the rate at most. That is enough to keep one client from starving the others; an exact global limit would
 * cost a Redis round trip per request.
 *
 * <p>Memory is bounded whoever calls: a full bucket is the same as none, so full ones are dropped once there are
 * {@link #SWEEP_ABOVE}; should that not be enough (an attacker with very many addresses), the buckets idle the
 * longest are dropped until {@link #MAX_TRACKED} is respected. Dropping a bucket only ever forgives its key.
 */
public final class RateLimit {

  static final int SWEEP_ABOVE = 10_000;
  static final int MAX_TRACKED = 100_000;

  private final double perMilli;
  private final double burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();

  /** The answer for one attempt: allowed, or refused with how long to wait. */
  public record Decision(boolean allowed, long retryAfterSeconds) {

    public static final Decision ALLOWED = new Decision(true, 0);
  }

  public RateLimit(double perSecond, int burst, Clock clock) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate " + perSecond + "/s with burst " + burst + " allows nothing");
    }
    this.perMilli = perSecond / 1000.0;
    this.burst = burst;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code perMinute} at once, then refilled evenly over the minute. */
  public static RateLimit perMinute(int perMinute, Clock clock) {
    return new RateLimit(perMinute / 60.0, perMinute, clock);
  }

  /** Takes one token of {@code key}'s bucket when there is one. */
  public Decision tryAcquire(String key) {
    long now = clock.millis();
    Decision decision = buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
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
        if (buckets.size() > MAX_TRACKED) {
          dropIdlest(buckets.size() - MAX_TRACKED * 9 / 10);
        }
      } finally {
        sweeping.set(false);
      }
    }
  }

  /** Rare (only under an attack from very many keys): sorts once and keeps the most recently used buckets. */
  private void dropIdlest(int count) {
    buckets.entrySet().stream()
        .sorted(Comparator.comparingLong(e -> e.getValue().lastUsed()))
        .limit(count)
        .map(Map.Entry::getKey)
        .toList()
        .forEach(buckets::remove);
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

    /** Without refilling: {@code at} stays the time of the last attempt, which {@link #dropIdlest} orders by. */
    synchronized boolean fullAt(long now) {
      return tokens + Math.max(0, now - at) * perMilli >= burst;
    }

    synchronized long lastUsed() {
      return at;
    }

    private void refill(long now) {
      // A clock that steps back must not drain or overfill the bucket.
      long elapsed = Math.max(0, now - at);
      tokens = Math.min(burst, tokens + elapsed * perMilli);
      at = Math.max(at, now);
    }
  }
}
