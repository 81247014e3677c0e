package io.chatrelay.edge.views;

import io.chatrelay.views.ViewKeys;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Knows how far the session projector has applied the log, so a write can wait until the views show it.
 *
 * <p>The projector keeps {@link ViewKeys#positions()} (partition to next offset to apply) and publishes
 * {@code partition:nextOffset,...} on a channel of the same name after each batch ({@link RedisChannels}: sharded
 * on Redis Cluster). One subscriber connection follows that channel into an in-memory map; because pub/sub drops
 * messages while disconnected, the hash is also polled every {@code pollInterval}, but only while someone is waiting.
 *
 * <p>The same connection follows the live-prefix pointer's channel ({@link LiveViewKeys}): after a rebuild switched
 * the views, the positions of the new prefix are the ones that say what readers will see, so the watcher moves its
 * subscription there. Positions only grow across a switch (the switch waits until the new prefix caught up).
 */
public final class ProjectionWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWatcher.class);

  private final UnifiedJedis redis;
  private final FollowedChannels channels;
  private final LiveViewKeys views;
  private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService poller;
  private final AtomicBoolean closed = new AtomicBoolean();

  private record Waiter(int partition, long offset, CompletableFuture<Boolean> applied) {}

  /**
   * @param redis pooled client for the fallback poll
   * @param channels the subscription, with its own connection; the watcher owns it and closes it
   */
  public ProjectionWatcher(UnifiedJedis redis, RedisChannels channels, ViewKeys keys, Duration pollInterval) {
    this(redis, channels, new LiveViewKeys(keys), pollInterval);
  }

  /** @param views the live prefix, which this watcher keeps up to date by following the pointer's channel */
  public ProjectionWatcher(UnifiedJedis redis, RedisChannels channels, LiveViewKeys views, Duration pollInterval) {
    this.redis = Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(channels, "channels");
    this.views = Objects.requireNonNull(views, "views");
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "projection-poll"));
    poller.scheduleWithFixedDelay(this::pollIfWaited, pollInterval.toMillis(), pollInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    this.channels = new FollowedChannels(channels, "projection-subscriber",
        () -> new String[] {views.channel(), views.current().positions()}, new Listener());
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
    if (!waiters.isEmpty()) {
      catchUp();
    }
  }

  private void catchUp() {
    String channel = views.current().positions();
    try {
      advance(ProjectionPositions.parseHash(redis.hgetAll(channel)));
    } catch (JedisException e) {
      LOG.debug("reading {} failed: {}", channel, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("reading {} failed", channel, e);
    }
  }

  /** Re-reads the pointer (the channel's message is only a hint) and moves the subscription with it. */
  private void followPointer() {
    ViewKeys before = views.current();
    ViewKeys now;
    try {
      now = views.refresh(redis);
    } catch (RuntimeException e) {
      LOG.warn("cannot read the view pointer {}: {}", views.channel(), e.getMessage());
      return;
    }
    if (now.equals(before)) {
      return;
    }
    try {
      // When the subscription is being re-established instead, it subscribes to the new channel by itself.
      if (channels.following()) {
        channels.add(now.positions());
        channels.remove(before.positions());
      }
    } catch (RuntimeException e) {
      LOG.debug("moving the subscription to {} failed: {}", now.positions(), e.getMessage());
    }
    catchUp();
  }

  /** Redis work off the subscriber thread, which must keep reading messages; dropped once closing. */
  private void onPoller(Runnable task) {
    try {
      poller.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("closing: not following {} any more", views.channel());
    }
  }

  private final class Listener implements RedisChannels.Handler {

    @Override
    public void subscribed(String name) {
      // Anything published while we were not subscribed is lost: read the pointer or the hash once to catch up.
      if (name.equals(views.channel())) {
        LOG.info("following the view pointer on channel {}", name);
        onPoller(ProjectionWatcher.this::followPointer);
      } else {
        LOG.info("following projector positions on channel {}", name);
        onPoller(ProjectionWatcher.this::catchUp);
      }
    }

    @Override
    public void message(String from, String message) {
      if (from.equals(views.channel())) {
        onPoller(ProjectionWatcher.this::followPointer);
      } else if (from.equals(views.current().positions())) {
        advance(ProjectionPositions.parseMessage(message));
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    poller.shutdownNow();
    channels.close();
    waiters.forEach(w -> w.applied().complete(false));
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }
}
