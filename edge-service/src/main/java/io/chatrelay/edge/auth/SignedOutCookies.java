package io.chatrelay.edge.auth;

import io.chatrelay.edge.views.FollowedChannels;
import io.chatrelay.edge.views.RedisChannels;
import io.chatrelay.views.redis.RedisNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The sign-ins that are over before their cookies expire, for every edge instance. A session cookie is stateless,
 * so clearing it in the browser that signed out does not stop a copy of it; this list does. A sign-in is named by
 * the random id in its cookie (which a re-issued cookie keeps), so signing out ends that browser's sign-in and no
 * other.
 *
 * <p>Redis holds the list as the sorted set {@code <home prefix>signed-out} of {@code signInId|expiry}, scored by
 * when it was signed out (epoch milliseconds). Each instance reads the whole list once when it starts, then every
 * {@code refresh} only what was added lately, into memory, where every request checks it without a round trip; it
 * closes the sockets of a sign-in it sees signed out for the first time. The instance that signs a user out applies
 * it at once and announces it on the channel of the same name (sharded pub/sub on a Redis Cluster), which the other
 * instances follow, so they hear of it at once too; the periodic read covers what a subscription missed. An entry
 * goes once its cookie would have expired anyway.
 *
 * <p>Revocation fails closed. Next to the list, {@code <home prefix>signed-out-since} holds the time (epoch
 * milliseconds) from which the list is whole; cookies issued earlier are refused. The first instance to find it
 * missing writes the current time: on a fresh deployment that costs nothing, and when Redis lost its data (restarted
 * empty, or the key was evicted), the list of sign-outs is gone with it, so every sign-in from before the loss has to
 * sign in again rather than a signed-out cookie working again. While Redis cannot be reached an instance keeps what it
 * knows; one that has never read the list refuses cookies issued before it started.
 */
public final class SignedOutCookies implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SignedOutCookies.class);
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

  private final UnifiedJedis redis;
  private final String key;
  private final String sinceKey;
  private final Clock clock;
  /** Signed-out sign-in ids, with their cookies' expiry (epoch seconds). */
  private final Map<String, Long> signedOut = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;
  private final Consumer<String> onSignedOut;
  private final FollowedChannels announcements;
  private final long lifetimeMillis;
  private volatile boolean reachable = true;
  /** Cookies issued before this (epoch milliseconds) are refused. */
  private volatile long notBefore;
  /** When the last successful read began; 0 before the first, which reads everything. */
  private long readSince;

  /**
   * Reads the list once before it returns, when Redis answers; then every {@code refresh}.
   *
   * @param channels the subscription to other instances' sign-outs, with a connection of its own; owned and closed
   *     here
   * @param cookieLifetime how long a cookie is valid after its sign-in
   * @param onSignedOut called with the id of each sign-in this instance learns is signed out (to close its sockets)
   */
  public SignedOutCookies(UnifiedJedis redis, RedisChannels channels, String homePrefix, Duration cookieLifetime,
      Duration refresh, Clock clock, Consumer<String> onSignedOut) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.key = Objects.requireNonNull(homePrefix, "homePrefix") + "signed-out";
    this.sinceKey = key + "-since";
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onSignedOut = Objects.requireNonNull(onSignedOut, "onSignedOut");
    this.lifetimeMillis = cookieLifetime.toMillis();
    this.notBefore = clock.millis();
    refreshNow();
    this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "edge-signed-out");
      thread.setDaemon(true);
      return thread;
    });
    refresher.scheduleWithFixedDelay(this::refreshNow, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    this.announcements = new FollowedChannels(channels, "edge-signed-out-follow", () -> new String[] {key},
        new RedisChannels.Handler() {
          @Override
          public void subscribed(String channel) {
            // What was announced while not subscribed is in the list: read it now rather than at the next refresh.
            refresher.execute(SignedOutCookies.this::refreshNow);
          }

          @Override
          public void message(String channel, String member) {
            learn(member);
          }
        });
  }

  /** True when the cookie of this sign-in must be refused: it was signed out, or began before the list is whole. */
  public boolean isRevoked(String signInId, long issuedAtMillis) {
    return issuedAtMillis < notBefore || signedOut.containsKey(signInId);
  }

  /**
   * Ends the sign-in on every instance: here at once, elsewhere within the refresh interval. Blocking (Redis).
   *
   * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot take it; this instance refuses the
   *     cookie all the same
   */
  public void signOut(String userId, String signInId, long cookieExpiresAt) {
    String member = signInId + "|" + cookieExpiresAt;
    learn(member);
    redis.zadd(key, clock.millis(), member);
    try {
      RedisNodes.publish(redis, key, member);
    } catch (RuntimeException e) {
      // Stored: the other instances read it within their refresh period all the same.
      LOG.debug("announcing a sign-out failed: {}", e.getMessage());
    }
    LOG.info("signed out userId={} (cookie expiring at {})", userId, cookieExpiresAt);
  }

  /** Runs on one thread at a time: the constructor's, then the refresher's. */
  private void refreshNow() {
    try {
      long now = clock.millis();
      followSince(now);
      // Instances' clocks differ a little, and an entry written by one may land later than it says: read back a
      // minute, which costs only the sign-outs of that minute again.
      redis.zremrangeByScore(key, Double.NEGATIVE_INFINITY, now - lifetimeMillis - CLOCK_SLACK.toMillis());
      List<String> added = readSince == 0 ? redis.zrange(key, 0, -1)
          : redis.zrangeByScore(key, readSince - CLOCK_SLACK.toMillis(), Double.POSITIVE_INFINITY);
      added.forEach(this::learn);
      readSince = now;
      long nowSeconds = now / 1000;
      signedOut.values().removeIf(expiry -> expiry < nowSeconds);
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

  /** Reads when the list became whole, starting it now when Redis has no record of that. */
  private void followSince(long now) {
    String since = redis.get(sinceKey);
    if (since == null) {
      redis.set(sinceKey, Long.toString(now), SetParams.setParams().nx());
      since = redis.get(sinceKey);
      if (readSince != 0) {
        LOG.warn("{} is gone (Redis lost its data): refusing every cookie issued before {}", sinceKey, since);
      }
      readSince = 0;
    }
    try {
      notBefore = Long.parseLong(since);
    } catch (NumberFormatException | NullPointerException e) {
      // Fail closed on garbage too: the time the list is whole from is unknown, so it is now.
      notBefore = Math.max(notBefore, now);
      LOG.warn("{} holds no time; refusing cookies issued before now", sinceKey);
    }
  }

  private void learn(String member) {
    int bar = member.lastIndexOf('|');
    OptionalLong expiresAt = expiry(member, bar);
    if (expiresAt.isEmpty()) {
      LOG.warn("ignoring a malformed entry of {}", key);
      return;
    }
    String signInId = member.substring(0, bar);
    if (signedOut.putIfAbsent(signInId, expiresAt.getAsLong()) == null) {
      try {
        onSignedOut.accept(signInId);
      } catch (RuntimeException e) {
        LOG.warn("acting on a sign-out failed", e);
      }
    }
  }

  private static OptionalLong expiry(String member, int bar) {
    try {
      return bar > 0 ? OptionalLong.of(Long.parseLong(member.substring(bar + 1))) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void close() {
    announcements.close();
    refresher.shutdownNow();
  }
}
