package io.chatrelay.testing;

import static org.awaitility.Awaitility.await;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code chat-messages} as any consumer of the log would: committed records only, from the beginning, without
 * a consumer group, so a test sees what the product published without moving anyone's offsets.
 */
public final class ChatLogTail {

  private static final Duration RECORDS_WAIT = Duration.ofSeconds(15);

  private ChatLogTail() {}

  /** Waits until {@code count} records keyed {@code sessionId} are in the log and returns them in log order. */
  public static List<ConsumerRecord<String, ChatEvent>> records(String bootstrapServers, String sessionId,
      int count) {
    try (KafkaConsumer<String, ChatEvent> consumer = open(bootstrapServers)) {
      List<ConsumerRecord<String, ChatEvent>> found = new ArrayList<>();
      await(count + " records of " + sessionId).atMost(RECORDS_WAIT).until(() -> {
        poll(consumer, sessionId, found);
        return found.size() >= count;
      });
      return found;
    }
  }

  /** Every record keyed {@code sessionId} that is in the log now. */
  public static List<ConsumerRecord<String, ChatEvent>> allNow(String bootstrapServers, String sessionId) {
    try (KafkaConsumer<String, ChatEvent> consumer = open(bootstrapServers)) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
      List<ConsumerRecord<String, ChatEvent>> found = new ArrayList<>();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        poll(consumer, sessionId, found);
      }
      return found;
    }
  }

  /** The user messages of {@code sessionId} in the log now that carry this client id (a frame id or a REST key). */
  public static List<UserMessage> withClientId(String bootstrapServers, String sessionId, String clientId) {
    return allNow(bootstrapServers, sessionId).stream()
        .map(ConsumerRecord::value)
        .filter(e -> e instanceof UserMessage m && clientId.equals(m.clientMessageId()))
        .map(UserMessage.class::cast)
        .toList();
  }

  /** Per partition number, the offset the next record written there will get. */
  public static Map<Integer, Long> endOffsets(String bootstrapServers) {
    try (KafkaConsumer<String, ChatEvent> consumer = open(bootstrapServers)) {
      Map<Integer, Long> out = new TreeMap<>();
      consumer.endOffsets(consumer.assignment()).forEach((tp, end) -> out.put(tp.partition(), end));
      return out;
    }
  }

  private static void poll(KafkaConsumer<String, ChatEvent> consumer, String sessionId,
      List<ConsumerRecord<String, ChatEvent>> found) {
    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
      if (sessionId.equals(r.key())) {
        found.add(r);
      }
    });
  }

  /** A consumer assigned every partition of the log, at its beginning. */
  private static KafkaConsumer<String, ChatEvent> open(String bootstrapServers) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "it-log-tail");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, ChatEvent> consumer = new KafkaConsumer<>(p,
        Topics.CHAT_MESSAGES.keySerde().deserializer(), Topics.CHAT_MESSAGES.valueSerde().deserializer());
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHAT_MESSAGES.name()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return consumer;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }
}
