package io.chatrelay.launcher.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.launcher.DevStack;
import io.chatrelay.launcher.testing.Browserless;
import io.chatrelay.launcher.testing.SharedStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The running product writes what docs/asyncapi.yaml says: a conversation through the REST API and the demo agent
 * (answer, status, error, deletion) produces records on chat-messages, and the analytics job records on
 * chat-analytics; every one of them is checked against the document's schemas for its key, headers and value.
 */
@ExtendWith(SharedStack.class)
class AsyncApiConformanceIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AsyncApiDocument DOC = AsyncApiDocument.load();

  private final DevStack stack;

  AsyncApiConformanceIT(DevStack stack) {
    this.stack = stack;
  }

  @Test
  void shouldWriteOnlyRecordsTheDocumentDescribesForEveryEventTypeAndTheAnalytics() {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    String session = converse();

    List<ConsumerRecord<String, byte[]>> log = readUntil(Topics.CHAT_MESSAGES.name(), records ->
        records.stream().anyMatch(r -> session.equals(r.key()) && "SessionDeleted".equals(header(r, "event-type"))));
    Set<String> types = new LinkedHashSet<>();
    for (ConsumerRecord<String, byte[]> record : log) {
      String type = header(record, ChatEventSerde.TYPE_HEADER);
      String value = new String(record.value(), StandardCharsets.UTF_8);
      assertThat(DOC.payloadProblems(Topics.CHAT_MESSAGES.name(), type, value)).as(value).isEmpty();
      assertThat(DOC.headerProblems(Topics.CHAT_MESSAGES.name(), type, headers(record))).as(value).isEmpty();
      assertThat(DOC.keyProblems(Topics.CHAT_MESSAGES.name(), type, record.key())).isEmpty();
      if (session.equals(record.key())) {
        types.add(type);
      }
    }
    assertThat(types).containsExactlyInAnyOrder("SessionCreated", "UserMessage", "AgentStatus", "AgentReply",
        "AgentError", "SessionDeleted", "AgentReplyChunk", "CancelRequested", "AnswerFeedback");

    List<ConsumerRecord<String, byte[]>> analytics = readUntil(Topics.CHAT_ANALYTICS.name(),
        records -> countedSince(records, started) >= 3 + 2 + 1);
    for (ConsumerRecord<String, byte[]> record : analytics) {
      String value = new String(record.value(), StandardCharsets.UTF_8);
      assertThat(DOC.payloadProblems(Topics.CHAT_ANALYTICS.name(), "AgentMinuteStats", value)).as(value).isEmpty();
      assertThat(DOC.keyProblems(Topics.CHAT_ANALYTICS.name(), "AgentMinuteStats", record.key())).isEmpty();
    }
  }

  /** User messages, replies and errors of the persona's minutes since {@code since}, latest record per minute. */
  private static long countedSince(List<ConsumerRecord<String, byte[]>> records, Instant since) {
    Map<String, AgentMinuteStats> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      AgentMinuteStats stats = Topics.CHAT_ANALYTICS.valueSerde().deserializer().deserialize("", record.value());
      if (stats.agentType() == AgentType.PaymentsEcosystemRep && !stats.minute().isBefore(since)) {
        latest.put(record.key(), stats);
      }
    }
    return latest.values().stream().mapToLong(s -> s.userMessages() + s.replies() + s.errors()).sum();
  }

  /** A conversation with every kind of event; returns the session id. */
  private String converse() {
    Browserless browser = new Browserless(stack.baseUrl());
    String session = browser.openSession("contract-" + UUID.randomUUID().toString().substring(0, 8),
        "PaymentsEcosystemRep");
    String messages = "/api/v1/sessions/" + session + "/messages";
    for (String content : List.of("What does a payments scheme do?", "/status Still there?", "/fail")) {
      assertThat(browser.post(messages, "{\"content\":\"" + content + "\"}").status()).isEqualTo(200);
    }
    // three questions, two answers and one error
    await().atMost(WAIT).until(() -> browser.get(messages).body().get("messages").size() == 6);
    // A streamed answer, rated; then one stopped while it streams.
    String streamed = browser.post(messages, "{\"content\":\"/stream 12 Fees?\"}").body().path("message")
        .path("id").asText();
    await().atMost(WAIT).until(() -> browser.get(messages).body().get("messages").size() == 8);
    assertThat(browser.post(messages + "/" + streamed + "/feedback", "{\"rating\":\"up\",\"comment\":\"clear\"}")
        .status()).isEqualTo(201);
    String long_ = browser.post(messages, "{\"content\":\"/stream 3000 Everything?\"}").body().path("message")
        .path("id").asText();
    await().atMost(WAIT).until(() -> browser.get(messages).body().get("messages").findValuesAsText("status")
        .contains("streaming"));
    assertThat(browser.post(messages + "/" + long_ + "/cancel", "").status()).isEqualTo(202);
    await().atMost(WAIT).until(() -> browser.get(messages).body().get("messages").findValuesAsText("status")
        .contains("cancelled"));
    assertThat(browser.delete("/api/v1/sessions/" + session).status()).isEqualTo(200);
    return session;
  }

  private interface Done {
    boolean test(List<ConsumerRecord<String, byte[]>> records);
  }

  /** Every committed record of the topic, read again from the start until {@code done} holds. */
  private List<ConsumerRecord<String, byte[]>> readUntil(String topic, Done done) {
    KafkaSettings kafka = KafkaSettings.of(stack.bootstrapServers());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer("contract-it", null),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(WAIT).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return done.test(records);
      });
    }
    return records;
  }

  private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
    Map<String, String> out = new HashMap<>();
    for (Header header : record.headers()) {
      out.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
