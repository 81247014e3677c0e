package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.kit.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads newly assigned partitions from where the group will start to their current end and collects the user
 * messages that already have a reply or error there (see {@link AnsweredIndex}). Uses a consumer of its own,
 * outside the group, because the group's consumer is in the middle of a rebalance when this runs.
 */
public final class AnsweredScanner {

  private static final Logger LOG = LoggerFactory.getLogger(AnsweredScanner.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final Duration timeout;
  private final Clock clock;

  public AnsweredScanner(KafkaSettings kafka, String clientId, Duration timeout, Clock clock) {
    this(() -> new KafkaConsumer<>(kafka.consumer(clientId, null), new ByteArrayDeserializer(),
        new ByteArrayDeserializer()), timeout, clock);
  }

  /** @param consumers a new consumer outside any group for each scan; the scan closes it */
  AnsweredScanner(Supplier<Consumer<byte[], byte[]>> consumers, Duration timeout, Clock clock) {
    this.consumers = consumers;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** What the scan found in one partition: the answered ids, and the offset it read up to (exclusive). */
  public record Result(Set<UUID> answered, long end) {}

  /**
   * Scans each partition from {@code start} to {@code end}. If the scan cannot finish in time, a partition's
   * result covers what was read, so messages beyond it are forwarded (at worst a duplicate answer that readers
   * drop) rather than left waiting.
   */
  public Map<TopicPartition, Result> scan(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Set<UUID>> found = new HashMap<>();
    Map<TopicPartition, Long> reached = new HashMap<>(start);
    Map<TopicPartition, Long> todo = new HashMap<>();
    start.forEach((tp, from) -> {
      found.put(tp, new HashSet<>());
      if (end.getOrDefault(tp, from) > from) {
        todo.put(tp, from);
      }
    });
    if (!todo.isEmpty()) {
      read(todo, end, found, reached);
    }
    Map<TopicPartition, Result> out = new HashMap<>();
    found.forEach((tp, ids) -> out.put(tp, new Result(ids, reached.get(tp))));
    return out;
  }

  private void read(Map<TopicPartition, Long> todo, Map<TopicPartition, Long> end,
      Map<TopicPartition, Set<UUID>> found, Map<TopicPartition, Long> reached) {
    Instant deadline = clock.instant().plus(timeout);
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      consumer.assign(todo.keySet());
      todo.forEach(consumer::seek);
      while (!todo.isEmpty() && clock.instant().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < end.get(tp)) {
            answeredBy(record).ifPresent(found.get(tp)::add);
          }
        }
        for (TopicPartition tp : Set.copyOf(todo.keySet())) {
          long position = consumer.position(tp);
          reached.put(tp, Math.min(position, end.get(tp)));
          if (position >= end.get(tp)) {
            todo.remove(tp);
          }
        }
      }
    }
    if (!todo.isEmpty()) {
      LOG.warn("answered-message scan of {} did not reach the end within {}; beyond {} messages may be answered"
          + " twice", todo.keySet(), timeout, reached);
    }
  }

  private static Optional<UUID> answeredBy(ConsumerRecord<byte[], byte[]> record) {
    String type = ChatEventSerde.typeOf(record.headers());
    if (type != null && !type.equals(AgentReply.TYPE) && !type.equals(AgentError.TYPE)) {
      return Optional.empty(); // most records are not answers: skip parsing them
    }
    try {
      ChatEvent event = ChatEventSerde.fromBytes(record.value());
      if (event instanceof AgentReply reply) {
        return Optional.of(reply.inReplyTo());
      }
      if (event instanceof AgentError error) {
        return Optional.ofNullable(error.inReplyTo());
      }
    } catch (SerializationException e) {
      LOG.debug("unreadable record {}-{}@{} skipped by the scan", record.topic(), record.partition(),
          record.offset());
    }
    return Optional.empty();
  }
}
