package io.chatrelay.launcher.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.events.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The document against the code, without a broker: every event type documented, and the serde's output valid. */
class AsyncApiDocumentTest {

  private static final AsyncApiDocument DOC = AsyncApiDocument.load();
  private static final String LOG = Topics.CHAT_MESSAGES.name();
  private static final Instant AT = Instant.parse("2026-01-15T10:15:30.123Z");

  @Test
  void shouldDocumentEveryChatEventTypeAsAMessageOfChatMessages() {
    List<String> types = Arrays.stream(ChatEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).toList();

    assertThat(DOC.messages(LOG).keySet()).containsExactlyInAnyOrderElementsOf(types);
    assertThat(DOC.root().at("/components/schemas/EventType/enum")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(types);
  }

  @Test
  void shouldAcceptWhatTheSerdeWritesForEveryEventType() throws Exception {
    UUID question = UUID.randomUUID();
    List<ChatEvent> samples = List.of(
        SessionCreated.of("s-1", "alice", AT, new SessionMetadata(AgentType.BankRep, "Firefox", "10.0.0.1")),
        UserMessage.of("s-1", "alice", AT, "c-1", "Hello?", Map.of("source", "web", "n", 1), AgentType.BankRep),
        UserMessage.of("s-1", "alice", AT, null, "Older event without persona", Map.of()),
        new AgentReply(UUID.randomUUID(), 1, "s-1", "alice", AT, question, "a-1", "Hi.",
            new AgentMetadata(AgentType.BankRep, 0.92, 12L)),
        new AgentReply(UUID.randomUUID(), 1, "s-1", "alice", AT, question, null, "Hi.", null),
        new AgentError(UUID.randomUUID(), 1, "s-1", "alice", AT, question, "agent_timeout", "Sorry.",
            AgentType.BankRep),
        new AgentError(UUID.randomUUID(), 1, "s-1", "alice", AT, null, "agent_unavailable", "Down.", null),
        new AgentStatus(UUID.randomUUID(), 1, "s-1", "alice", AT, "thinking", null, AgentType.BankRep),
        new AgentReply(UUID.randomUUID(), 1, "s-1", "alice", AT, question, null, "Fees a", null,
            AgentReply.FINISH_CANCELLED, new StreamStats(3, 2, 120, 300)),
        new AgentReplyChunk(UUID.randomUUID(), 1, "s-1", "alice", AT, question, 0, "Fees a", AgentType.BankRep),
        CancelRequested.of("s-1", "alice", AT, question, "c-2"),
        AnswerFeedback.of("s-1", "alice", AT, question, "down", "Too short", AgentType.BankRep, "f-1"),
        AnswerFeedback.of("s-1", "alice", AT, question, "up", null, null, null),
        SessionDeleted.of("s-1", "alice", AT));
    for (ChatEvent event : samples) {
      String json = new String(ChatEventSerde.toBytes(event), StandardCharsets.UTF_8);

      assertThat(DOC.payloadProblems(LOG, event.type(), json)).as(json).isEmpty();
      assertThat(DOC.headerProblems(LOG, event.type(), Map.of("event-type", event.type(), "schema-version", "1")))
          .isEmpty();
      assertThat(DOC.keyProblems(LOG, event.type(), event.sessionId())).isEmpty();
    }
  }

  @Test
  void shouldRefuseEventsThatBreakTheContract() {
    String noContent = "{\"type\":\"UserMessage\",\"eventId\":\"" + UUID.randomUUID() + "\",\"schemaVersion\":1,"
        + "\"sessionId\":\"s\",\"userId\":\"u\",\"occurredAt\":\"2026-01-15T10:15:30Z\",\"metadata\":{}}";
    String badCode = new String(ChatEventSerde.toBytes(new AgentError(UUID.randomUUID(), 1, "s", "u", AT, null,
        "exploded", "x", null)), StandardCharsets.UTF_8);
    String wrongType = new String(ChatEventSerde.toBytes(SessionDeleted.of("s", "u", AT)), StandardCharsets.UTF_8);

    assertThat(DOC.payloadProblems(LOG, "UserMessage", noContent)).anyMatch(p -> p.contains("content"));
    assertThat(DOC.payloadProblems(LOG, "AgentError", badCode)).isNotEmpty();
    assertThat(DOC.payloadProblems(LOG, "UserMessage", wrongType)).isNotEmpty();
    assertThat(DOC.headerProblems(LOG, "UserMessage", Map.of("event-type", "AgentReply", "schema-version", "1")))
        .isNotEmpty();
    assertThat(DOC.headerProblems(LOG, "UserMessage", Map.of("event-type", "UserMessage"))).isNotEmpty();
  }

  @Test
  void shouldDescribeTheAnalyticsRecordsTheJobWrites() throws Exception {
    String analytics = Topics.CHAT_ANALYTICS.name();
    AgentMinuteStats stats = new AgentMinuteStats(1, AgentType.TradeBodyRep, Instant.parse("2026-01-15T10:15:00Z"),
        3, 2, 1, new AgentMinuteStats.Latency(2, 300, 900, 900, 900, 905));
    AgentMinuteStats quiet = new AgentMinuteStats(1, AgentType.BankRep, Instant.parse("2026-01-15T10:16:00Z"),
        1, 0, 0, null);

    assertThat(DOC.messages(analytics)).containsOnlyKeys("AgentMinuteStats");
    for (AgentMinuteStats record : List.of(stats, quiet)) {
      assertThat(DOC.payloadProblems(analytics, "AgentMinuteStats", Json.mapper().writeValueAsString(record)))
          .isEmpty();
      assertThat(DOC.keyProblems(analytics, "AgentMinuteStats", record.key())).isEmpty();
    }
  }

  @Test
  void shouldStateTheTopicSettingsTheCodeCreatesTopicsWith() {
    JsonNode log = DOC.channel(LOG).at("/bindings/kafka");
    JsonNode analytics = DOC.channel(Topics.CHAT_ANALYTICS.name()).at("/bindings/kafka");

    assertThat(log.at("/partitions").asInt()).isEqualTo(Topics.DEFAULT_PARTITIONS);
    assertThat(log.at("/topicConfiguration/retention.ms").asText())
        .isEqualTo(Topics.chatMessagesConfig().get(TopicConfig.RETENTION_MS_CONFIG));
    assertThat(log.at("/topicConfiguration/cleanup.policy/0").asText())
        .isEqualTo(Topics.chatMessagesConfig().get(TopicConfig.CLEANUP_POLICY_CONFIG));
    assertThat(analytics.at("/partitions").asInt()).isEqualTo(Topics.CHAT_ANALYTICS_PARTITIONS);
    assertThat(analytics.at("/topicConfiguration/cleanup.policy/0").asText())
        .isEqualTo(Topics.chatAnalyticsConfig().get(TopicConfig.CLEANUP_POLICY_CONFIG));
    assertThat(DOC.root().path("asyncapi").asText()).startsWith("3.");
  }
}
