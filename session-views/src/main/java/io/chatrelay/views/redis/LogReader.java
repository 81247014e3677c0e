package io.chatrelay.views.redis;

import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ranges of {@code chat-messages} for replay tools: partitions are assigned and sought directly, no consumer
 * group is joined and no offset is committed, so replay never moves the production consumer groups; only committed
 * records are read ({@code read_committed}). Values arrive as the bytes in the log. Not thread-safe, except
 * {@link #wakeup()}, which stops a running {@link #read} from another thread.
 */
public final class LogReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** Receives records in log order per partition; returns false to stop reading that partition. */
  @FunctionalInterface
  public interface RecordSink {
    boolean accept(ConsumerRecord<String, byte[]> record);
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final AtomicBoolean closed = new AtomicBoolean();

  public LogReader(KafkaSettings kafka, String clientId) {
    this(kafka, clientId, Topics.CHAT_MESSAGES.name());
  }

  public LogReader(KafkaSettings kafka, String clientId, String topic) {
    this.topic = topic;
    Properties props = kafka.consumer(clientId, null);
    // Replay reads far more than a live consumer per poll; bigger fetches keep the round trips few.
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    props.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
    // A replay ends at the end of the log, where the broker would hold the last fetch for its full wait (500 ms by
    // default) before answering empty; a short wait keeps a one-session history fast.
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
    props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  public String topic() {
    return topic;
  }

  /** Every partition of the topic, in order; fails when the topic does not exist. */
  public List<TopicPartition> partitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(i -> new TopicPartition(topic, i.partition()))
        .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
  }

  public Map<TopicPartition, Long> beginningOffsets(List<TopicPartition> partitions) {
    return sortedByPartition(consumer.beginningOffsets(partitions));
  }

  /** The end of each partition as a {@code read_committed} reader sees it (the last stable offset). */
  public Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
    return sortedByPartition(consumer.endOffsets(partitions));
  }

  /**
   * Per partition, the first offset whose record timestamp is at or after {@code time}, or the end offset when there
   * is none: reading from there reads everything written since {@code time}.
   */
  public Map<TopicPartition, Long> offsetsAt(List<TopicPartition> partitions, Instant time) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, Math.max(0, time.toEpochMilli())));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> ends = endOffsets(partitions);
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      out.put(tp, at == null ? ends.get(tp) : at.offset());
    }
    return sortedByPartition(out);
  }

  /**
   * Reads every partition of {@code from} from its offset up to (excluding) its offset in {@code until}, handing
   * each record to {@code sink}. Returns false when stopped early by {@code stop} or {@link #wakeup()}.
   */
  public boolean read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> until, RecordSink sink,
      BooleanSupplier stop) {
    Set<TopicPartition> active = new HashSet<>();
    from.forEach((tp, offset) -> {
      if (offset < until.getOrDefault(tp, 0L)) {
        active.add(tp);
      }
    });
    consumer.assign(active);
    active.forEach(tp -> consumer.seek(tp, from.get(tp)));
    try {
      while (!active.isEmpty()) {
        if (stop.getAsBoolean()) {
          return false;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        for (TopicPartition tp : records.partitions()) {
          long end = until.get(tp);
          for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
            if (record.offset() >= end || !sink.accept(record)) {
              finish(active, tp);
              break;
            }
          }
        }
        // Control records (transaction markers) take offsets but are never handed out: the position says when a
        // partition is done, not the last record seen.
        for (TopicPartition tp : Set.copyOf(active)) {
          if (consumer.position(tp) >= until.get(tp)) {
            finish(active, tp);
          }
        }
      }
      return true;
    } catch (WakeupException e) {
      LOG.info("reading {} stopped on request", topic);
      return false;
    } finally {
      consumer.assign(Set.of());
    }
  }

  private void finish(Set<TopicPartition> active, TopicPartition tp) {
    if (active.remove(tp)) {
      consumer.pause(Set.of(tp));
    }
  }

  /** Stops a running {@link #read} as soon as possible; safe from any thread (a Ctrl-C handler). */
  public void wakeup() {
    consumer.wakeup();
  }

  private static <V> Map<TopicPartition, V> sortedByPartition(Map<TopicPartition, V> map) {
    Map<TopicPartition, V> out = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
    out.putAll(map);
    return out;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      consumer.close();
    }
  }
}
