package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.api.EdgeMetrics;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The message intake with nothing real behind it: a {@link MockProducer} that acknowledges only when told, the
 * client message ids in a map instead of Redis, and a log of one partition, read back through
 * {@link MockConsumer}s, that holds what the test says the brokers stored.
 */
final class IntakeRig {

  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final String PREFIX = "test:";

  final ManualClock clock = new ManualClock(START);
  final ManualTimers timers = new ManualTimers(clock);
  final MockProducer<String, ChatEvent> producer = new MockProducer<>(false, null, new StringSerializer(),
      Topics.CHAT_MESSAGES.valueSerde().serializer());
  /** The ledger's entries, as Redis would hold them. */
  final Map<String, String> ledger = new HashMap<>();
  /** The events the brokers stored in partition 0, by offset. */
  final List<ChatEvent> log = new ArrayList<>();
  /** While set, every ledger call fails as an unreachable Redis would. */
  boolean redisDown;
  final MessageIntake intake;

  IntakeRig() {
    // One producer stands for both: the intake writes only through the one that keeps a write until decided.
    ChatLog chatLog = new ChatLog(producer, producer, Duration.ofSeconds(30), new EdgeMetrics(new SimpleMeterRegistry()));
    LogRangeReader reader = new LogRangeReader(clientId -> logConsumer(), Duration.ofSeconds(15), clock);
    intake = new MessageIntake(new ClientMessageLedger(new MapEntries(), PREFIX), chatLog, reader, clock);
  }

  /** The ledger's key of a client message id. */
  static String key(String sessionId, String clientId) {
    return PREFIX + "client-msg:" + sessionId + ":" + clientId;
  }

  /** The events written so far, acknowledged or not, oldest first. */
  List<ChatEvent> written() {
    return producer.history().stream().map(r -> r.value()).toList();
  }

  private MockConsumer<byte[], byte[]> logConsumer() {
    TopicPartition tp = new TopicPartition(Topics.CHAT_MESSAGES.name(), 0);
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    consumer.updateEndOffsets(Map.of(tp, (long) log.size()));
    consumer.schedulePollTask(() -> {
      for (int offset = 0; offset < log.size(); offset++) {
        ChatEvent event = log.get(offset);
        consumer.addRecord(new ConsumerRecord<>(tp.topic(), 0, offset,
            event.sessionId().getBytes(StandardCharsets.UTF_8), ChatEventSerde.toBytes(event)));
      }
    });
    return consumer;
  }

  private final class MapEntries implements ClientMessageLedger.Entries {

    @Override
    public boolean setIfAbsent(String key, String value, long seconds) {
      return reachable() && ledger.putIfAbsent(key, value) == null;
    }

    @Override
    public String get(String key) {
      return reachable() ? ledger.get(key) : null;
    }

    @Override
    public void set(String key, String value, long seconds) {
      if (reachable()) {
        ledger.put(key, value);
      }
    }

    @Override
    public boolean replace(String key, String expected, String value, long seconds) {
      if (!reachable() || !Objects.equals(ledger.get(key), expected)) {
        return false;
      }
      ledger.put(key, value);
      return true;
    }

    private boolean reachable() {
      if (redisDown) {
        throw new IllegalStateException("Redis is not reachable");
      }
      return true;
    }
  }
}
