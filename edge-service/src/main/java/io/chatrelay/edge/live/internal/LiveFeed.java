package io.chatrelay.edge.live.internal;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaErrors;
import io.chatrelay.kit.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's one live reader of {@code chat-messages}, with no consumer group (nothing to rebalance or commit):
 * it reads only the partitions its sockets need. The first socket of a session on a partition the feed does not
 * follow yet has the feed thread assign it, positioned at its end; a partition no socket needed for the release idle
 * period is unassigned again, so N instances cost the brokers the traffic of their sockets' partitions, not N times
 * the topic's. Each event goes to the sockets of its session, found by the record key.
 *
 * <p>A socket's handshake first {@linkplain #hold holds} its session's partition and waits (on a worker thread) until
 * it is followed, so that a socket is live by the time the browser sees the upgrade, as when every partition was
 * followed. {@link #subscribe} then returns the offset from which the subscriber is guaranteed every event of its
 * partition: dispatch and registration share a lock per partition ({@link FeedPartition}), so everything below that
 * offset was dispatched before the subscriber joined, or was written before the partition was assigned at its end
 * (the resume reads it from the views or the log), and everything from it on reaches the subscriber.
 *
 * <p>The consumer is not thread-safe: only the feed thread ({@link FeedLoop}) touches it, and subscribers hand it
 * their requests. A failed poll is retried every second, except a fatal one ({@link KafkaErrors#isFatal}: the edge
 * may no longer read the topic, say): then the feed stops and {@link #fatalFailure()} completes, since no socket of
 * this instance would get another event, and retrying would hide that behind a ready edge.
 */
public final class LiveFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /** A socket following one session. */
  public interface Subscriber {
    String sessionId();

    void onEvent(LiveEvent event);
  }

  private final FeedPartition[] partitions;
  private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private final Clock clock;
  private final FeedLoop loop;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Connects and reads where every partition ends, then starts the feed thread; follows no partition yet. */
  public LiveFeed(KafkaSettings kafka, Duration releaseIdle, Clock clock, FeedMetrics metrics) {
    this(newConsumer(kafka), releaseIdle, clock, metrics);
  }

  /** Follows the log with {@code consumer}, outside any group; the feed owns it and closes it. */
  LiveFeed(Consumer<byte[], byte[]> consumer, Duration releaseIdle, Clock clock, FeedMetrics metrics) {
    this.clock = clock;
    try {
      List<TopicPartition> all = consumer.partitionsFor(Topics.CHAT_MESSAGES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (all.isEmpty()) {
        throw new IllegalStateException("topic " + Topics.CHAT_MESSAGES.name() + " has no partitions");
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(all, FeedLoop.OFFSETS_TIMEOUT);
      this.partitions = new FeedPartition[all.size()];
      for (TopicPartition tp : all) {
        partitions[tp.partition()] = new FeedPartition(tp, ends.get(tp));
      }
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    this.loop = new FeedLoop(consumer, partitions, this::deliver, releaseIdle, clock, metrics);
    LOG.info("live feed of {} ready: {} partitions, each followed while a socket needs it, released after {} ms idle",
        Topics.CHAT_MESSAGES.name(), partitions.length, releaseIdle.toMillis());
  }

  private static KafkaConsumer<byte[], byte[]> newConsumer(KafkaSettings kafka) {
    Properties props = kafka.consumer("edge-live-" + UUID.randomUUID(), null);
    // Past events are not live: should a position ever be lost, continue from the end.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The partition that holds a session's events, as the producer's default partitioner chooses it. */
  public int partitionOf(String sessionId) {
    return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % partitions.length;
  }

  /**
   * Keeps the session's partition followed from now until the hold is closed or a subscriber takes it over; the feed
   * thread assigns it, at its end, if it is not followed yet. {@link Hold#followed()} completes once it is followed
   * (at once when it was), or exceptionally when the feed stops first.
   */
  Hold hold(String sessionId) {
    FeedPartition partition = partitions[partitionOf(sessionId)];
    FeedPartition.Join join = partition.join();
    if (join.ask()) {
      loop.request(partition);
    }
    // A copy: a caller giving up on its own (a timeout) must not fail the others waiting for the same partition.
    return new Hold(partition, join.start().copy(), clock);
  }

  /**
   * Starts delivering the session's events to a subscriber that takes over {@code hold}, whose partition is followed
   * ({@link Hold#followed()} completed); returns the first offset guaranteed to reach the subscriber.
   */
  long subscribe(Subscriber subscriber, Hold hold) {
    if (!hold.handOver()) {
      throw new IllegalStateException("the hold of sessionId=" + subscriber.sessionId() + " was closed");
    }
    FeedPartition partition = partitions[partitionOf(subscriber.sessionId())];
    try {
      return partition.register(() -> {
        if (!subscribers.computeIfAbsent(subscriber.sessionId(), id -> ConcurrentHashMap.newKeySet())
            .add(subscriber)) {
          throw new IllegalStateException("subscribed twice: a socket of sessionId=" + subscriber.sessionId());
        }
      });
    } catch (IllegalStateException e) {
      partition.leave(clock.millis());
      throw e;
    }
  }

  /**
   * A lower bound of the offset of any event of {@code partition} written from now on: the offset after the last
   * event dispatched while the partition is followed, else its end as last read (at start, at release, and every
   * few seconds while unassigned), never more.
   */
  public long position(int partition) {
    return partitions[partition].next();
  }

  /** Needs no lock: an event racing with this may still arrive, and a closed subscriber ignores it. */
  public void unsubscribe(Subscriber subscriber) {
    boolean[] removed = {false};
    subscribers.computeIfPresent(subscriber.sessionId(), (id, set) -> {
      removed[0] = set.remove(subscriber);
      return set.isEmpty() ? null : set;
    });
    if (removed[0]) {
      partitions[partitionOf(subscriber.sessionId())].leave(clock.millis());
    }
  }

  /** Completes with the cause when the feed stopped by itself (see the class comment); never when closed. */
  public CompletionStage<Throwable> fatalFailure() {
    return loop.fatalFailure();
  }

  /** Feed thread, holding the record's partition lock. */
  private void deliver(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return;
    }
    Set<Subscriber> watching = subscribers.get(new String(record.key(), StandardCharsets.UTF_8));
    if (watching == null || watching.isEmpty()) {
      return;
    }
    ChatEvent event;
    try {
      event = ChatEventSerde.fromBytes(record.value());
    } catch (SerializationException e) {
      LOG.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return;
    }
    LiveEvent live = LiveEvent.of(record.partition(), record.offset(), event);
    LOG.debug("live {} to {} socket(s)", live, watching.size());
    for (Subscriber subscriber : watching) {
      try {
        subscriber.onEvent(live);
      } catch (RuntimeException e) {
        LOG.error("delivering {} failed", live, e);
      }
    }
  }

  /** One socket's need of a partition, from its handshake until it subscribes; closing it gives the need up. */
  static final class Hold implements AutoCloseable {

    private final FeedPartition partition;
    private final CompletionStage<Long> followed;
    private final Clock clock;
    private final AtomicBoolean over = new AtomicBoolean();

    private Hold(FeedPartition partition, CompletionStage<Long> followed, Clock clock) {
      this.partition = partition;
      this.followed = followed;
      this.clock = clock;
    }

    /** Completes with the partition's offset when the feed started following it (or the held one when it was). */
    CompletionStage<Long> followed() {
      return followed;
    }

    /** A subscriber takes the need over; false when the hold was closed already. */
    private boolean handOver() {
      return over.compareAndSet(false, true);
    }

    @Override
    public void close() {
      if (over.compareAndSet(false, true)) {
        partition.leave(clock.millis());
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    loop.close();
    subscribers.clear();
  }
}
