package io.chatrelay.edge.live.internal;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaErrors;
import io.chatrelay.kit.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's one live reader of {@code chat-messages}: every partition, from the end, with no consumer group
 * (nothing to rebalance or commit, and every instance sees every event, so a reply reaches a browser whichever
 * instance holds its socket). Each event goes to the sockets of its session, found by the record key.
 *
 * <p>{@link #subscribe} returns the offset from which the subscriber is guaranteed every event of its partition:
 * dispatch and registration share a lock per partition, so everything below that offset was dispatched before the
 * subscriber joined (the resume reads it from the views or the log) and everything from it on reaches the subscriber.
 *
 * <p>A failed poll is retried every second, except a fatal one ({@link KafkaErrors#isFatal}: the edge may no longer
 * read the topic, say): then the feed stops and {@link #fatalFailure()} completes, since no socket of this instance
 * would get another event, and retrying would hide that behind a ready edge.
 */
public final class LiveFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration BACKOFF = Duration.ofSeconds(1);

  /** A socket following one session. */
  public interface Subscriber {
    String sessionId();

    void onEvent(LiveEvent event);
  }

  private final Consumer<byte[], byte[]> consumer;
  private final int partitions;
  private final Object[] locks;
  private final long[] next;
  private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
  private volatile boolean running = true;

  /** Connects, positions at the end of every partition, and starts following; blocks until positioned. */
  public LiveFeed(KafkaSettings kafka) {
    this(newConsumer(kafka));
  }

  /** Follows the log with {@code consumer}, outside any group; the feed owns it and closes it. */
  LiveFeed(Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
    try {
      List<TopicPartition> all = consumer.partitionsFor(Topics.CHAT_MESSAGES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (all.isEmpty()) {
        throw new IllegalStateException("topic " + Topics.CHAT_MESSAGES.name() + " has no partitions");
      }
      this.partitions = all.size();
      this.locks = new Object[partitions];
      this.next = new long[partitions];
      consumer.assign(all);
      consumer.seekToEnd(all);
      for (TopicPartition tp : all) {
        locks[tp.partition()] = new Object();
        next[tp.partition()] = consumer.position(tp);
      }
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    this.thread = new Thread(this::run, "edge-live-feed");
    thread.setDaemon(true);
    thread.start();
    LOG.info("following {} partitions of {} for live sockets", partitions, Topics.CHAT_MESSAGES.name());
  }

  private static KafkaConsumer<byte[], byte[]> newConsumer(KafkaSettings kafka) {
    Properties props = kafka.consumer("edge-live-" + UUID.randomUUID(), null);
    // Past events are not live: should a position ever be lost, continue from the end.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The partition that holds a session's events, as the producer's default partitioner chooses it. */
  public int partitionOf(String sessionId) {
    return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Starts delivering the session's events; returns the first offset guaranteed to reach the subscriber. */
  public long subscribe(Subscriber subscriber) {
    int partition = partitionOf(subscriber.sessionId());
    synchronized (locks[partition]) {
      subscribers.computeIfAbsent(subscriber.sessionId(), id -> ConcurrentHashMap.newKeySet()).add(subscriber);
      return next[partition];
    }
  }

  /**
   * The offset after the last event of {@code partition} this reader has dispatched: any event written from now on
   * gets this offset or a higher one.
   */
  public long position(int partition) {
    synchronized (locks[partition]) {
      return next[partition];
    }
  }

  /** Needs no lock: an event racing with this may still arrive, and a closed subscriber ignores it. */
  public void unsubscribe(Subscriber subscriber) {
    subscribers.computeIfPresent(subscriber.sessionId(), (id, set) -> {
      set.remove(subscriber);
      return set.isEmpty() ? null : set;
    });
  }

  /** Completes with the cause when the feed stopped by itself (see the class comment); never when closed. */
  public CompletionStage<Throwable> fatalFailure() {
    return fatal;
  }

  private void run() {
    try {
      while (running) {
        pollOnce();
      }
    } catch (Error e) {
      stopOn(e);
      throw e;
    } finally {
      // The consumer is not thread-safe: only this thread ever touches it after start-up, closing included.
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private void pollOnce() {
    try {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      for (TopicPartition tp : records.partitions()) {
        dispatch(tp.partition(), records.records(tp));
      }
    } catch (WakeupException e) {
      // close() woke us: the loop condition decides
    } catch (KafkaException e) {
      if (KafkaErrors.isFatal(e)) {
        stopOn(e);
        return;
      }
      LOG.warn("live feed of {} failed, retrying in {} ms: {}", Topics.CHAT_MESSAGES.name(), BACKOFF.toMillis(),
          e.toString());
      pause();
    } catch (RuntimeException e) {
      LOG.error("live feed of {} failed, retrying in {} ms", Topics.CHAT_MESSAGES.name(), BACKOFF.toMillis(), e);
      pause();
    }
  }

  private void dispatch(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      // Locked per record, not per batch: a socket subscribing (on an I/O thread) waits for one delivery at most.
      synchronized (locks[partition]) {
        deliver(record);
        next[partition] = record.offset() + 1;
      }
    }
  }

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

  private void stopOn(Throwable cause) {
    running = false;
    if (!closed.get()) {
      LOG.error("live feed of {} stopped by a fatal error: live sockets of this instance get no more events",
          Topics.CHAT_MESSAGES.name(), cause);
      fatal.complete(cause);
    }
  }

  private void pause() {
    try {
      Thread.sleep(BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    subscribers.clear();
  }
}
