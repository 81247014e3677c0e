package io.chatrelay.edge.internal;

import io.chatrelay.views.ViewKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Knows how far the session projector has applied the log, so a write can wait until the views show it.
 *
 * <p>The projector keeps {@link ViewKeys#positions()} (partition to next offset to apply) and publishes
 * {@code partition:nextOffset,...} on a channel of the same name after each batch. One subscriber connection
 * follows that channel into an in-memory map; because pub/sub drops messages while disconnected, the hash is also
 * polled every {@code pollInterval}, but only while someone is waiting.
 */
public final class ProjectionWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWatcher.class);
  private static final Duration RESUBSCRIBE_BACKOFF = Duration.ofMillis(500);

  private final UnifiedJedis redis;
  private final Supplier<Jedis> subscriberConnections;
  private final String channel;
  private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService poller;
  private final Thread subscriber;
  private final Listener listener = new Listener();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Jedis subscription;
  private volatile boolean subscribed = true;

  private record Waiter(int partition, long offset, CompletableFuture<Boolean> applied) {}

  /**
   * @param redis pooled client for the fallback poll
   * @param subscriberConnections opens the dedicated connection the subscription blocks on
   */
  public ProjectionWatcher(UnifiedJedis redis, Supplier<Jedis> subscriberConnections, ViewKeys keys,
      Duration pollInterval) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.subscriberConnections = Objects.requireNonNull(subscriberConnections, "subscriberConnections");
    this.channel = keys.positions();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "projection-poll"));
    poller.scheduleWithFixedDelay(this::pollIfWaited, pollInterval.toMillis(), pollInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    this.subscriber = daemon(this::subscribeLoop, "projection-subscriber");
    subscriber.start();
  }

  /**
   * Completes with true once the projector applied {@code offset} of {@code partition} (its position is beyond
   * it), or with false after {@code timeout}. Never completes exceptionally.
   */
  public CompletableFuture<Boolean> awaitApplied(int partition, long offset, Duration timeout) {
    if (applied(partition, offset)) {
      return CompletableFuture.completedFuture(true);
    }
    if (closed.get()) {
      return CompletableFuture.completedFuture(false);
    }
    Waiter waiter = new Waiter(partition, offset, new CompletableFuture<>());
    waiters.add(waiter);
    waiter.applied().whenComplete((result, error) -> waiters.remove(waiter));
    // An update may have landed between the first check and registering: check again.
    if (applied(partition, offset)) {
      waiter.applied().complete(true);
    }
    return waiter.applied().completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next offset to apply per partition, as last seen. */
  public Map<Integer, Long> positions() {
    return Map.copyOf(positions);
  }

  int waiting() {
    return waiters.size();
  }

  private boolean applied(int partition, long offset) {
    Long next = positions.get(partition);
    return next != null && next > offset;
  }

  void advance(Map<Integer, Long> latest) {
    latest.forEach((partition, next) -> positions.merge(partition, next, Math::max));
    for (Waiter waiter : waiters) {
      if (applied(waiter.partition(), waiter.offset())) {
        waiter.applied().complete(true);
      }
    }
  }

  private void pollIfWaited() {
    if (waiters.isEmpty()) {
      return;
    }
    try {
      advance(parseHash(redis.hgetAll(channel)));
    } catch (JedisException e) {
      LOG.debug("polling {} failed: {}", channel, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("polling {} failed", channel, e);
    }
  }

  private void subscribeLoop() {
    while (!closed.get()) {
      try (Jedis connection = subscriberConnections.get()) {
        subscription = connection;
        if (closed.get()) {
          return;
        }
        connection.subscribe(listener, channel);
      } catch (JedisException e) {
        if (!closed.get()) {
          // Warn once per outage, not on every retry while Redis stays away.
          if (subscribed) {
            LOG.warn("subscription to {} lost, resubscribing: {}", channel, e.getMessage());
          } else {
            LOG.debug("cannot subscribe to {}: {}", channel, e.getMessage());
          }
          subscribed = false;
          sleep(RESUBSCRIBE_BACKOFF);
        }
      } catch (RuntimeException e) {
        LOG.error("subscription to {} failed, resubscribing", channel, e);
        sleep(RESUBSCRIBE_BACKOFF);
      } finally {
        subscription = null;
      }
    }
  }

  private final class Listener extends JedisPubSub {

    @Override
    public void onSubscribe(String name, int count) {
      subscribed = true;
      LOG.info("following projector positions on channel {}", name);
      // Anything published while we were not subscribed is lost: read the hash once to catch up.
      poller.execute(() -> {
        try {
          advance(parseHash(redis.hgetAll(channel)));
        } catch (RuntimeException e) {
          LOG.debug("catch-up read of {} failed: {}", channel, e.getMessage());
        }
      });
    }

    @Override
    public void onMessage(String from, String message) {
      advance(parseMessage(message));
    }
  }

  /** {@code partition:nextOffset,...}; malformed entries are skipped (the poll repairs anything missed). */
  static Map<Integer, Long> parseMessage(String message) {
    Map<Integer, Long> out = new HashMap<>();
    for (String entry : message.split(",")) {
      int colon = entry.indexOf(':');
      if (colon > 0) {
        putParsed(out, entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
      }
    }
    return out;
  }

  public static Map<Integer, Long> parseHash(Map<String, String> hash) {
    Map<Integer, Long> out = new HashMap<>();
    hash.forEach((partition, next) -> putParsed(out, partition, next));
    return out;
  }

  private static void putParsed(Map<Integer, Long> out, String partition, String next) {
    try {
      out.put(Integer.parseInt(partition), Long.parseLong(next));
    } catch (NumberFormatException e) {
      LOG.debug("ignoring malformed position {}={}", partition, next);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    poller.shutdownNow();
    try {
      if (listener.isSubscribed()) {
        listener.unsubscribe();
      }
    } catch (RuntimeException e) {
      LOG.debug("unsubscribe failed: {}", e.getMessage());
    }
    Jedis connection = subscription;
    if (connection != null) {
      try {
        connection.disconnect();
      } catch (RuntimeException e) {
        LOG.debug("closing the subscriber connection failed: {}", e.getMessage());
      }
    }
    subscriber.interrupt();
    try {
      subscriber.join(Duration.ofSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    waiters.forEach(w -> w.applied().complete(false));
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
