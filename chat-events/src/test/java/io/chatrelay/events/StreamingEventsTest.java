package io.chatrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The events of streamed answers, stops and ratings, as they are written to and read from the log. */
class StreamingEventsTest {

  private static final Instant AT = Instant.parse("2026-01-15T10:15:30.123Z");
  private static final UUID QUESTION = UUID.fromString("0194a8f2-0000-7000-8000-000000000001");

  @Test
  void shouldReadBackEveryNewEventAsWritten() {
    ChatEvent[] events = {
        new AgentReplyChunk(UUID.randomUUID(), 1, "s", "u", AT, QUESTION, 3, "Hello ", AgentType.BankRep),
        CancelRequested.of("s", "u", AT, QUESTION, "c-1"),
        AnswerFeedback.of("s", "u", AT, QUESTION, AnswerFeedback.DOWN, "too vague", AgentType.TradeBodyRep, "f-1"),
        new AgentReply(UUID.randomUUID(), 1, "s", "u", AT, QUESTION, "a-1", "Hel", null,
            AgentReply.FINISH_CANCELLED, new StreamStats(2, 1, 120, 80)),
    };
    for (ChatEvent event : events) {
      assertThat(ChatEventSerde.fromBytes(ChatEventSerde.toBytes(event))).isEqualTo(event);
    }
  }

  @Test
  void shouldWriteTheFieldsAnalystsReadByName() {
    String chunk = json(new AgentReplyChunk(UUID.randomUUID(), 1, "s", "u", AT, QUESTION, 0, "Hi", null));
    assertThat(chunk).contains("\"type\":\"AgentReplyChunk\"", "\"inReplyTo\":\"" + QUESTION + "\"",
        "\"index\":0", "\"content\":\"Hi\"").doesNotContain("agentType");
    String reply = json(new AgentReply(UUID.randomUUID(), 1, "s", "u", AT, QUESTION, null, "Hi", null,
        AgentReply.FINISH_INTERRUPTED, new StreamStats(4, 2, 300, 1000)));
    assertThat(reply).contains("\"finish\":\"interrupted\"",
        "\"stream\":{\"tokens\":4,\"chunks\":2,\"firstTokenMs\":300,\"streamMs\":1000}");
    String whole = json(new AgentReply(UUID.randomUUID(), 1, "s", "u", AT, QUESTION, null, "Hi", null));
    assertThat(whole).doesNotContain("finish", "stream");
  }

  @Test
  void shouldRefuseWhatNoReaderCouldUse() {
    assertThatThrownBy(() -> new AgentReplyChunk(UUID.randomUUID(), 1, "s", "u", AT, QUESTION, -1, "x", null))
        .hasMessageContaining("index");
    assertThatThrownBy(() -> AnswerFeedback.of("s", "u", AT, QUESTION, "meh", null, null, null))
        .hasMessageContaining("up or down");
    assertThatThrownBy(() -> new AgentReply(UUID.randomUUID(), 1, "s", "u", AT, QUESTION, null, "x", null, "done",
        null)).hasMessageContaining("finish");
    assertThatThrownBy(() -> CancelRequested.of("s", "u", AT, null, null)).hasMessageContaining("inReplyTo");
  }

  @Test
  void shouldReadAnOldReplyWithoutFinishOrStreamAsAWholeAnswer() {
    String old = "{\"type\":\"AgentReply\",\"eventId\":\"" + UUID.randomUUID() + "\",\"schemaVersion\":1,"
        + "\"sessionId\":\"s\",\"userId\":\"u\",\"occurredAt\":\"2026-01-15T10:15:30Z\",\"inReplyTo\":\"" + QUESTION
        + "\",\"content\":\"Hi\"}";
    AgentReply reply = (AgentReply) ChatEventSerde.fromBytes(old.getBytes(StandardCharsets.UTF_8));
    assertThat(reply.finish()).isNull();
    assertThat(reply.stream()).isNull();
  }

  @Test
  void shouldGiveTokensPerSecondOnlyForAStreamThatTookTime() {
    assertThat(new StreamStats(50, 5, 100, 2000).tokensPerSecond()).isEqualTo(25.0);
    assertThat(new StreamStats(1, 1, 100, 0).tokensPerSecond()).isEqualTo(0.0);
  }

  private static String json(ChatEvent event) {
    return new String(ChatEventSerde.toBytes(event), StandardCharsets.UTF_8);
  }
}
