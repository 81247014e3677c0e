package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.CancelRequested;
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
 * messages that already have a reply or error there, and those whose answer was begun or stopped without ending
 * (see {@link AnsweredIndex}). Uses a consumer of its own, outside the group, because the group's consumer is in the
 * middle of a rebalance when this runs.
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

  /**
   * What the scan found in one partition: the answered ids, what the log holds about messages begun or stopped but
   * not answered, and the offset it read up to (exclusive).
   */
  public record Result(Set<UUID> answered, Map<UUID, LogPrior> unfinished, long end) {}

  /** The facts of one partition, gathered record by record. */
  private static final class Found {
    final Set<UUID> answered = new HashSet<>();
    final Map<UUID, StringBuilder> text = new HashMap<>();
    final Map<UUID, Integer> chunks = new HashMap<>();
    final Set<UUID> cancelled = new HashSet<>();

    void add(ChatEvent event) {
      if (event instanceof AgentReply reply) {
        answered.add(reply.inReplyTo());
      } else if (event instanceof AgentError error && error.inReplyTo() != null) {
        answered.add(error.inReplyTo());
      } else if (event instanceof AgentReplyChunk chunk
          && chunk.index() == chunks.getOrDefault(chunk.inReplyTo(), 0)) {
        text.computeIfAbsent(chunk.inReplyTo(), id -> new StringBuilder()).append(chunk.content());
        chunks.merge(chunk.inReplyTo(), 1, Integer::sum);
      } else if (event instanceof CancelRequested cancel) {
        cancelled.add(cancel.inReplyTo());
      }
    }

    Result result(long end) {
      Map<UUID, LogPrior> unfinished = new HashMap<>();
      Set<UUID> ids = new HashSet<>(chunks.keySet());
      ids.addAll(cancelled);
      ids.removeAll(answered);
      for (UUID id : ids) {
        StringBuilder written = text.get(id);
        unfinished.put(id, new LogPrior(written == null ? "" : written.toString(), chunks.getOrDefault(id, 0),
            cancelled.contains(id)));
      }
      return new Result(answered, unfinished, end);
    }
  }

  /**
   * Scans each partition from {@code start} to {@code end}. If the scan cannot finish in time, a partition's
   * result covers what was read, so messages beyond it are forwarded (at worst a duplicate answer that readers
   * drop) rather than left waiting.
   */
  public Map<TopicPartition, Result> scan(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Found> found = new HashMap<>();
    Map<TopicPartition, Long> reached = new HashMap<>(start);
    Map<TopicPartition, Long> todo = new HashMap<>();
    start.forEach((tp, from) -> {
      found.put(tp, new Found());
      if (end.getOrDefault(tp, from) > from) {
        todo.put(tp, from);
      }
    });
    if (!todo.isEmpty()) {
      read(todo, end, found, reached);
    }
    Map<TopicPartition, Result> out = new HashMap<>();
    found.forEach((tp, facts) -> out.put(tp, facts.result(reached.get(tp))));
    return out;
  }

  private void read(Map<TopicPartition, Long> todo, Map<TopicPartition, Long> end,
      Map<TopicPartition, Found> found, Map<TopicPartition, Long> reached) {
    Instant deadline = clock.instant().plus(timeout);
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      consumer.assign(todo.keySet());
      todo.forEach(consumer::seek);
      while (!todo.isEmpty() && clock.instant().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < end.get(tp)) {
            relevant(record).ifPresent(found.get(tp)::add);
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

  private static final Set<String> RELEVANT =
      Set.of(AgentReply.TYPE, AgentError.TYPE, AgentReplyChunk.TYPE, CancelRequested.TYPE);

  private static Optional<ChatEvent> relevant(ConsumerRecord<byte[], byte[]> record) {
    String type = ChatEventSerde.typeOf(record.headers());
    if (type != null && !RELEVANT.contains(type)) {
      return Optional.empty(); // most records are not answers: skip parsing them
    }
    try {
      return Optional.of(ChatEventSerde.fromBytes(record.value()));
    } catch (SerializationException e) {
      LOG.debug("unreadable record {}-{}@{} skipped by the scan", record.topic(), record.partition(),
          record.offset());
    }
    return Optional.empty();
  }
}
