package io.chatrelay.edge.views;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link RedisChannels} subscription kept alive on a thread of its own: when Redis goes away (or a cluster's node
 * fails over), it subscribes again every 500 ms, to the channels {@code names} gives at that moment. The handler
 * hears each (re)subscription, so it can catch up on what was published meanwhile.
 */
public final class FollowedChannels implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FollowedChannels.class);
  private static final Duration RESUBSCRIBE_BACKOFF = Duration.ofMillis(500);

  private final RedisChannels channels;
  private final Supplier<String[]> names;
  private final RedisChannels.Handler handler;
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean subscribed = true;

  /** Starts following; the instance owns {@code channels} and closes it. */
  public FollowedChannels(RedisChannels channels, String threadName, Supplier<String[]> names,
      RedisChannels.Handler handler) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.names = Objects.requireNonNull(names, "names");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** True while subscribed. */
  public boolean following() {
    return channels.following();
  }

  /** Adds a channel to the running subscription. */
  public void add(String channel) {
    channels.add(channel);
  }

  /** Drops a channel from the running subscription. */
  public void remove(String channel) {
    channels.remove(channel);
  }

  private void loop() {
    RedisChannels.Handler marking = new RedisChannels.Handler() {
      @Override
      public void subscribed(String channel) {
        subscribed = true;
        handler.subscribed(channel);
      }

      @Override
      public void message(String channel, String message) {
        handler.message(channel, message);
      }
    };
    while (!closed.get()) {
      String[] now = names.get();
      try {
        channels.follow(marking, now);
      } catch (JedisException e) {
        if (!closed.get()) {
          // Warn once per outage, not on every retry while Redis stays away.
          if (subscribed) {
            LOG.warn("subscription to {} lost, resubscribing: {}", String.join(", ", now), e.getMessage());
          } else {
            LOG.debug("cannot subscribe to {}: {}", String.join(", ", now), e.getMessage());
          }
          subscribed = false;
          pause();
        }
      } catch (RuntimeException e) {
        LOG.error("subscription to {} failed, resubscribing", String.join(", ", now), e);
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RESUBSCRIBE_BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      channels.stop();
    } catch (RuntimeException e) {
      LOG.debug("unsubscribe failed: {}", e.getMessage());
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channels.close();
  }
}
