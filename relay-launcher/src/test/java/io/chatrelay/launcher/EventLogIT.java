package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.launcher.testing.Browserless;
import io.chatrelay.launcher.testing.SharedStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an analyst reading chat-messages with plain Kafka tools sees: the documented keys, headers and fields. */
@ExtendWith(SharedStack.class)
class EventLogIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DevStack stack;

  EventLogIT(DevStack stack) {
    this.stack = stack;
  }

  @Test
  void shouldWriteAConversationAsDocumentedEventsKeyedBySession() throws Exception {
    Browserless browser = new Browserless(stack.baseUrl());
    String user = "analyst-" + UUID.randomUUID().toString().substring(0, 8);
    String session = browser.openSession(user, "TradeBodyRep");
    String messageId = browser.post("/api/v1/sessions/" + session + "/messages", "{\"content\":\"Hello there\"}")
        .body().get("message").get("id").asText();
    await().atMost(Duration.ofSeconds(20)).until(
        () -> browser.get("/api/v1/sessions/" + session + "/messages").body().get("messages").size() == 2);
    assertThat(browser.delete("/api/v1/sessions/" + session).status()).isEqualTo(200);

    List<ConsumerRecord<String, byte[]>> records = readSession(session, 4);
    List<String> types = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      JsonNode event = JSON.readTree(record.value());
      types.add(event.get("type").asText());
      assertThat(record.key()).isEqualTo(session);
      assertThat(header(record, "event-type")).isEqualTo(event.get("type").asText());
      assertThat(header(record, "schema-version")).isEqualTo("1");
      assertThat(event.get("schemaVersion").asInt()).isEqualTo(1);
      assertThat(UUID.fromString(event.get("eventId").asText())).isNotNull();
      assertThat(event.get("sessionId").asText()).isEqualTo(session);
      assertThat(event.get("userId").asText()).isEqualTo(user);
      assertThat(event.get("occurredAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
      switch (event.get("type").asText()) {
        case "SessionCreated" -> assertThat(event.get("metadata").get("agentType").asText()).isEqualTo("TradeBodyRep");
        case "UserMessage" -> {
          assertThat(event.get("eventId").asText()).isEqualTo(messageId);
          assertThat(event.get("content").asText()).isEqualTo("Hello there");
          assertThat(event.get("agentType").asText()).isEqualTo("TradeBodyRep");
        }
        case "AgentReply" -> {
          assertThat(event.get("inReplyTo").asText()).isEqualTo(messageId);
          assertThat(event.get("metadata").get("agentType").asText()).isEqualTo("TradeBodyRep");
        }
        default -> { }
      }
    }
    assertThat(types).containsExactly("SessionCreated", "UserMessage", "AgentReply", "SessionDeleted");
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** Reads the session's partition from the start, as kafka-console-consumer would, without a consumer group. */
  private List<ConsumerRecord<String, byte[]>> readSession(String session, int expected) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.bootstrapServers());
    props.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor("chat-messages").stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (session.equals(r.key())) {
            found.add(r);
          }
        });
        return found.size() >= expected;
      });
      return found;
    }
  }
}
