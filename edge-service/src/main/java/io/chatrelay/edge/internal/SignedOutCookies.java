package io.chatrelay.edge.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The sign-ins that were signed out, for every edge instance. A session cookie is stateless, so clearing it in the
 * browser that signed out does not stop a copy of it; this list does. A sign-in is its user and its cookie's expiry
 * (which a re-issued cookie keeps), so signing out ends that browser's sign-in and no other.
 *
 * <p>Redis holds the list as the sorted set {@code <home prefix>signed-out} of {@code userId|expiry}, scored by
 * when it was signed out (epoch milliseconds). Each instance reads the whole list once when it starts, then every
 * {@code refresh} only what was added lately, into memory, where every request checks it without a round trip; it
 * closes the sockets of a sign-in it sees signed out for the first time. The instance that signs a user out applies
 * it at once. An entry goes once its cookie would have expired anyway: no cookie outlives its sign-in by more than
 * a cookie's lifetime.
 */
public final class SignedOutCookies implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SignedOutCookies.class);
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

  private final UnifiedJedis redis;
  private final String key;
  private final Clock clock;
  private final Set<String> signedOut = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService refresher;
  private final BiConsumer<String, Long> onSignedOut;
  private final long lifetimeMillis;
  private volatile boolean reachable = true;
  /** When the last successful read began; 0 before the first, which reads everything. */
  private long readSince;

  /**
   * Reads the list once before it returns, when Redis answers; then every {@code refresh}.
   *
   * @param cookieLifetime how long a cookie is valid after its sign-in
   * @param onSignedOut called with the user and cookie expiry of each sign-in this instance learns is signed out
   *     (to close its sockets)
   */
  public SignedOutCookies(UnifiedJedis redis, String homePrefix, Duration cookieLifetime, Duration refresh,
      Clock clock, BiConsumer<String, Long> onSignedOut) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.key = Objects.requireNonNull(homePrefix, "homePrefix") + "signed-out";
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onSignedOut = Objects.requireNonNull(onSignedOut, "onSignedOut");
    this.lifetimeMillis = cookieLifetime.toMillis();
    refreshNow();
    this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "edge-signed-out");
      thread.setDaemon(true);
      return thread;
    });
    refresher.scheduleWithFixedDelay(this::refreshNow, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True when this sign-in was signed out. */
  public boolean isSignedOut(String userId, long cookieExpiresAt) {
    return signedOut.contains(member(userId, cookieExpiresAt));
  }

  /**
   * Ends the sign-in on every instance: here at once, elsewhere within the refresh interval. Blocking (Redis).
   *
   * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot take it; this instance refuses the
   *     cookie all the same
   */
  public void signOut(String userId, long cookieExpiresAt) {
    String member = member(userId, cookieExpiresAt);
    learn(member);
    redis.zadd(key, clock.millis(), member);
    LOG.info("signed out userId={} (cookie expiring at {})", userId, cookieExpiresAt);
  }

  /** Runs on one thread at a time: the constructor's, then the refresher's. */
  private void refreshNow() {
    try {
      long now = clock.millis();
      // Instances' clocks differ a little, and an entry written by one may land later than it says: read back a
      // minute, which costs only the sign-outs of that minute again.
      redis.zremrangeByScore(key, Double.NEGATIVE_INFINITY, now - lifetimeMillis - CLOCK_SLACK.toMillis());
      List<String> added = readSince == 0 ? redis.zrange(key, 0, -1)
          : redis.zrangeByScore(key, readSince - CLOCK_SLACK.toMillis(), Double.POSITIVE_INFINITY);
      added.forEach(this::learn);
      readSince = now;
      long nowSeconds = now / 1000;
      signedOut.removeIf(member -> expiry(member).orElse(0) < nowSeconds);
      if (!reachable) {
        LOG.info("reading {} again", key);
      }
      reachable = true;
    } catch (RuntimeException e) {
      // Keep what is known; a sign-out made meanwhile elsewhere is learnt when Redis answers again.
      if (reachable) {
        LOG.warn("cannot read {}: {}", key, e.getMessage());
      }
      reachable = false;
    }
  }

  private void learn(String member) {
    OptionalLong expiresAt = expiry(member);
    if (expiresAt.isEmpty()) {
      LOG.warn("ignoring a malformed entry of {}", key);
      return;
    }
    if (signedOut.add(member)) {
      String userId = member.substring(0, member.lastIndexOf('|'));
      try {
        onSignedOut.accept(userId, expiresAt.getAsLong());
      } catch (RuntimeException e) {
        LOG.warn("acting on the sign-out of userId={} failed", userId, e);
      }
    }
  }

  private static String member(String userId, long cookieExpiresAt) {
    return userId + "|" + cookieExpiresAt;
  }

  /** User ids cannot contain {@code |}, so the last one separates the expiry. */
  private static OptionalLong expiry(String member) {
    int bar = member.lastIndexOf('|');
    try {
      return bar > 0 ? OptionalLong.of(Long.parseLong(member.substring(bar + 1))) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
