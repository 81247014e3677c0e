package io.chatrelay.edge.live.internal;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one session's events in an offset range straight from its partition of the log: for the part of a resume
 * the views do not hold (older than they reach, or newer than the projector has applied). Assigns and seeks, with no
 * group and no commits, reading committed data only. Blocking.
 */
final class LogRangeReader {

  private static final Logger LOG = LoggerFactory.getLogger(LogRangeReader.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final AtomicLong READERS = new AtomicLong();

  private final Function<String, Consumer<byte[], byte[]>> consumers;
  private final Duration timeout;
  private final Clock clock;

  LogRangeReader(KafkaSettings kafka, Duration timeout, Clock clock) {
    this(clientId -> {
      Properties props = kafka.consumer(clientId, null);
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }, timeout, clock);
  }

  /** @param consumers a new consumer outside any group for a client id; the reader closes it */
  LogRangeReader(Function<String, Consumer<byte[], byte[]>> consumers, Duration timeout, Clock clock) {
    this.consumers = Objects.requireNonNull(consumers, "consumers");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Hands the session's events at offsets {@code [from, to)} of {@code partition} to {@code sink}, oldest first;
   * stops early when the sink returns false. Fails when the range cannot be read within the timeout.
   */
  void read(int partition, long from, long to, String sessionId, Predicate<LiveEvent> sink) {
    TopicPartition tp = new TopicPartition(Topics.CHAT_MESSAGES.name(), partition);
    byte[] key = sessionId.getBytes(StandardCharsets.UTF_8);
    long deadline = clock.millis() + timeout.toMillis();
    // A client id of its own: Kafka registers metrics per client id, and resumes run side by side.
    try (Consumer<byte[], byte[]> consumer = consumers.apply("edge-resume-" + READERS.incrementAndGet())) {
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      while (consumer.position(tp) < to) {
        if (clock.millis() > deadline) {
          throw new IllegalStateException("reading " + tp + " [" + from + ", " + to + ") took longer than "
              + timeout.toMillis() + " ms");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
          if (record.offset() >= to) {
            return;
          }
          if (Arrays.equals(key, record.key()) && !offer(record, sink)) {
            return;
          }
        }
      }
    }
  }

  /**
   * Where the session's message with this client id is in {@code partition} at {@code from} or later, up to the end
   * of the log; empty when it is not there. Fails when the log cannot be read within the timeout.
   */
  OptionalLong findClientMessage(int partition, long from, String sessionId, String clientId) {
    TopicPartition tp = new TopicPartition(Topics.CHAT_MESSAGES.name(), partition);
    long end;
    try (Consumer<byte[], byte[]> consumer = consumers.apply("edge-lookup-" + READERS.incrementAndGet())) {
      end = consumer.endOffsets(List.of(tp), timeout).get(tp);
    }
    long[] found = {-1};
    read(partition, from, end, sessionId, event -> {
      if (clientId.equals(ClientIds.of(event.event()))) {
        found[0] = event.offset();
        return false;
      }
      return true;
    });
    return found[0] < 0 ? OptionalLong.empty() : OptionalLong.of(found[0]);
  }

  private static boolean offer(ConsumerRecord<byte[], byte[]> record, Predicate<LiveEvent> sink) {
    ChatEvent event;
    try {
      event = ChatEventSerde.fromBytes(record.value());
    } catch (SerializationException e) {
      LOG.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return true;
    }
    return sink.test(LiveEvent.of(record.partition(), record.offset(), event));
  }
}
