package io.chatrelay.edge;

import static org.awaitility.Awaitility.await;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads what the edge published to {@code chat-messages}, as any consumer of the log would. */
final class ChatLogTail {

  private ChatLogTail() {}

  /** Waits until {@code count} records keyed {@code sessionId} are in the log and returns them in log order. */
  static List<ConsumerRecord<String, ChatEvent>> records(String bootstrapServers, String sessionId, int count) {
    try (KafkaConsumer<String, ChatEvent> consumer = new KafkaConsumer<>(
        KafkaSettings.of(bootstrapServers).consumer("edge-it-tail", null),
        Topics.CHAT_MESSAGES.keySerde().deserializer(), Topics.CHAT_MESSAGES.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHAT_MESSAGES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, ChatEvent>> found = new ArrayList<>();
      await().atMost(Duration.ofSeconds(15)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
          if (sessionId.equals(r.key())) {
            found.add(r);
          }
        });
        return found.size() >= count;
      });
      return found;
    }
  }

  /** Every record keyed {@code sessionId} that is in the log now. */
  static List<ConsumerRecord<String, ChatEvent>> allNow(String bootstrapServers, String sessionId) {
    try (KafkaConsumer<String, ChatEvent> consumer = new KafkaConsumer<>(
        KafkaSettings.of(bootstrapServers).consumer("edge-it-tail", null),
        Topics.CHAT_MESSAGES.keySerde().deserializer(), Topics.CHAT_MESSAGES.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHAT_MESSAGES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var ends = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, ChatEvent>> found = new ArrayList<>();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
          if (sessionId.equals(r.key())) {
            found.add(r);
          }
        });
      }
      return found;
    }
  }

  /** The user messages of {@code sessionId} in the log now that carry this client id (a frame id or a REST key). */
  static List<UserMessage> withClientId(String bootstrapServers, String sessionId, String clientId) {
    return allNow(bootstrapServers, sessionId).stream()
        .map(ConsumerRecord::value)
        .filter(e -> e instanceof UserMessage m && clientId.equals(m.clientMessageId()))
        .map(UserMessage.class::cast)
        .toList();
  }
}
