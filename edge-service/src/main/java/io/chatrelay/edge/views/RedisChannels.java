package io.chatrelay.edge.views;

import java.util.Objects;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * One blocking subscription to a few channels of one slot, over a client of its own. On one server or a Sentinel's
 * master it is plain pub/sub; on Redis Cluster it is sharded pub/sub ({@code SSUBSCRIBE}, Redis 7), served by the
 * node that owns the channels' slot, so the announcements are not relayed to every node of the cluster. When that
 * node fails over, {@link #follow} throws and the caller follows again, reaching the new master.
 */
public abstract class RedisChannels implements AutoCloseable {

  /** What a subscription hears. */
  public interface Handler {
    /** Subscribed to {@code channel}: anything published before was missed. */
    void subscribed(String channel);

    void message(String channel, String message);
  }

  private final UnifiedJedis client;

  private RedisChannels(UnifiedJedis client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  static RedisChannels plain(UnifiedJedis client) {
    return new Plain(client);
  }

  static RedisChannels sharded(UnifiedJedis client) {
    if (!(client instanceof RedisClusterClient)) {
      throw new IllegalArgumentException("sharded channels need a Redis Cluster client");
    }
    return new Sharded(client);
  }

  /** Subscribes to {@code channels} and delivers to {@code handler}; blocks until {@link #stop} or a failure. */
  public abstract void follow(Handler handler, String... channels);

  /** True while {@link #follow} is subscribed. */
  public abstract boolean following();

  /** Adds a channel to the running subscription. */
  public abstract void add(String channel);

  /** Drops a channel from the running subscription. */
  public abstract void remove(String channel);

  /** Ends the running subscription, so {@link #follow} returns. */
  public abstract void stop();

  UnifiedJedis client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }

  private static final class Plain extends RedisChannels {
    private volatile JedisPubSub current;

    Plain(UnifiedJedis client) {
      super(client);
    }

    @Override
    public void follow(Handler handler, String... channels) {
      JedisPubSub listener = new JedisPubSub() {
        @Override
        public void onSubscribe(String channel, int count) {
          handler.subscribed(channel);
        }

        @Override
        public void onMessage(String channel, String message) {
          handler.message(channel, message);
        }
      };
      current = listener;
      client().subscribe(listener, channels);
    }

    @Override
    public boolean following() {
      JedisPubSub listener = current;
      return listener != null && listener.isSubscribed();
    }

    @Override
    public void add(String channel) {
      current.subscribe(channel);
    }

    @Override
    public void remove(String channel) {
      current.unsubscribe(channel);
    }

    @Override
    public void stop() {
      JedisPubSub listener = current;
      if (listener != null && listener.isSubscribed()) {
        listener.unsubscribe();
      }
    }
  }

  private static final class Sharded extends RedisChannels {
    private volatile JedisShardedPubSub current;

    Sharded(UnifiedJedis client) {
      super(client);
    }

    @Override
    public void follow(Handler handler, String... channels) {
      JedisShardedPubSub listener = new JedisShardedPubSub() {
        @Override
        public void onSSubscribe(String channel, int count) {
          handler.subscribed(channel);
        }

        @Override
        public void onSMessage(String channel, String message) {
          handler.message(channel, message);
        }
      };
      current = listener;
      ((RedisClusterClient) client()).ssubscribe(listener, channels);
    }

    @Override
    public boolean following() {
      JedisShardedPubSub listener = current;
      return listener != null && listener.isSubscribed();
    }

    @Override
    public void add(String channel) {
      current.ssubscribe(channel);
    }

    @Override
    public void remove(String channel) {
      current.sunsubscribe(channel);
    }

    @Override
    public void stop() {
      JedisShardedPubSub listener = current;
      if (listener != null && listener.isSubscribed()) {
        listener.sunsubscribe();
      }
    }
  }
}
