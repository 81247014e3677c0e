package io.chatrelay.edge.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import io.chatrelay.events.json.Json;
import io.chatrelay.views.MessageViews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LiveFramesTest {

  private static final Instant AT = Instant.parse("2030-05-01T10:15:30.123Z");
  private static final String SESSION = "0b7f8c2e-0000-4000-8000-000000000001";

  private static JsonNode json(String frame) throws Exception {
    return Json.mapper().readTree(frame);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void shouldShowAUserMessageAsAMessageFrameWithItsSeq() throws Exception {
    UserMessage message = UserMessage.of(SESSION, "alice", AT, "c-1", "hello", Map.of("tab", "a"));

    Frame frame = LiveFrames.ofEvent(message, 42).orElseThrow();
    JsonNode node = json(frame.json());

    assertThat(fields(node)).containsExactly("type", "id", "role", "content", "timestamp", "seq", "metadata",
        "status");
    assertThat(node.get("type").asText()).isEqualTo("message");
    assertThat(node.get("id").asText()).isEqualTo(message.eventId().toString());
    assertThat(node.get("role").asText()).isEqualTo("user");
    assertThat(node.get("content").asText()).isEqualTo("hello");
    assertThat(node.get("timestamp").asText()).isEqualTo("2030-05-01T10:15:30.123Z");
    assertThat(node.get("seq").asLong()).isEqualTo(42);
    assertThat(node.get("metadata").get("tab").asText()).isEqualTo("a");
    assertThat(node.get("status").asText()).isEqualTo("sent");
    assertThat(frame.clientMessageId()).isEqualTo("c-1");
    assertThat(frame.inReplyTo()).isNull();
  }

  @Test
  void shouldSayAnAnswerWasStoppedPartWay() throws Exception {
    AgentReply stopped = new AgentReply(UUID.randomUUID(), 1, SESSION, "alice", AT, UUID.randomUUID(), null,
        "Fees are", null, AgentReply.FINISH_CANCELLED, null);

    JsonNode node = json(LiveFrames.ofEvent(stopped, 45).orElseThrow().json());

    assertThat(node.get("type").asText()).isEqualTo("response");
    assertThat(node.get("status").asText()).isEqualTo("cancelled");
    assertThat(node.get("content").asText()).isEqualTo("Fees are");
  }

  @Test
  void shouldShowRepliesAndErrorsAsResponseAndErrorFrames() throws Exception {
    UUID question = UUID.randomUUID();
    AgentReply reply = new AgentReply(UUID.randomUUID(), 1, SESSION, "alice", AT, question, "a-1", "Hi!",
        new AgentMetadata(AgentType.BankRep, 0.9, 12L));
    AgentError error = new AgentError(UUID.randomUUID(), 1, SESSION, "alice", AT, question, "agent_timeout",
        "No answer in time.", AgentType.BankRep);

    Frame replyFrame = LiveFrames.ofEvent(reply, 43).orElseThrow();
    JsonNode errorFrame = json(LiveFrames.ofEvent(error, 44).orElseThrow().json());

    assertThat(json(replyFrame.json()).get("type").asText()).isEqualTo("response");
    assertThat(json(replyFrame.json()).get("role").asText()).isEqualTo("assistant");
    assertThat(json(replyFrame.json()).get("metadata").get("agentType").asText()).isEqualTo("BankRep");
    assertThat(replyFrame.inReplyTo()).isEqualTo(question.toString());
    assertThat(errorFrame.get("type").asText()).isEqualTo("error");
    assertThat(errorFrame.get("role").asText()).isEqualTo("system");
    assertThat(errorFrame.get("seq").asLong()).isEqualTo(44);
    assertThat(errorFrame.get("metadata").get("error").asText()).isEqualTo("agent_timeout");
  }

  @Test
  void shouldShowAStatusAsASystemStatusFrame() throws Exception {
    AgentStatus status = new AgentStatus(UUID.randomUUID(), 1, SESSION, "alice", AT, "unavailable",
        "The agent is not reachable; retrying.", AgentType.TradeBodyRep);

    JsonNode node = json(LiveFrames.ofEvent(status, 50).orElseThrow().json());

    assertThat(fields(node)).containsExactly("type", "id", "role", "content", "timestamp", "seq", "metadata");
    assertThat(node.get("type").asText()).isEqualTo("status");
    assertThat(node.get("role").asText()).isEqualTo("system");
    assertThat(node.get("content").asText()).isEqualTo("The agent is not reachable; retrying.");
    assertThat(node.get("metadata").get("status").asText()).isEqualTo("unavailable");
    assertThat(node.get("metadata").get("agentType").asText()).isEqualTo("TradeBodyRep");
  }

  @Test
  void shouldShowAChunkAsADeltaOfTheAnswerToItsMessage() throws Exception {
    UUID question = UUID.randomUUID();
    ChatEvent chunk = new AgentReplyChunk(UUID.randomUUID(), 1, SESSION, "alice", AT, question, 2, "<b>low</b> ",
        AgentType.BankRep);

    Frame frame = LiveFrames.ofEvent(chunk, 61).orElseThrow();
    JsonNode node = json(frame.json());

    assertThat(fields(node)).containsExactly("type", "inReplyTo", "seq", "content");
    assertThat(node.get("type").asText()).isEqualTo("delta");
    assertThat(node.get("inReplyTo").asText()).isEqualTo(question.toString());
    assertThat(node.get("seq").asLong()).isEqualTo(61);
    assertThat(node.get("content").asText()).as("text, never markup").isEqualTo("<b>low</b> ");
    assertThat(frame.delta()).isTrue();
  }

  @Test
  void shouldShowNothingForAStopOrARating() {
    UUID question = UUID.randomUUID();
    assertThat(LiveFrames.ofEvent(CancelRequested.of(SESSION, "alice", AT, question, "c-1"), 3)).isEmpty();
    assertThat(LiveFrames.ofEvent(AnswerFeedback.of(SESSION, "alice", AT, question, "up", null, null, "f-1"), 4))
        .isEmpty();
  }

  @Test
  void shouldShowNothingForASessionBeingCreated() {
    ChatEvent created = SessionCreated.of(SESSION, "alice", AT, new SessionMetadata(AgentType.BankRep, null, null));

    assertThat(LiveFrames.ofEvent(created, 1)).isEmpty();
  }

  @Test
  void shouldReplayAStoredViewAsTheSameFrameAsLive() {
    UUID question = UUID.randomUUID();
    AgentReply reply = new AgentReply(UUID.randomUUID(), 1, SESSION, "alice", AT, question, "a-1", "Hi!",
        new AgentMetadata(AgentType.BankRep, null, null));
    String stored = MessageViews.of(reply, 43).orElseThrow().toJson();

    Frame replayed = LiveFrames.ofView(stored);

    assertThat(replayed.json()).isEqualTo(LiveFrames.ofEvent(reply, 43).orElseThrow().json());
    assertThat(replayed.seq()).isEqualTo(43);
    assertThat(replayed.inReplyTo()).isEqualTo(question.toString());
  }

  @Test
  void shouldWriteAcksAndRefusals() throws Exception {
    assertThat(json(LiveFrames.ack("c-1", 7)).toString()).isEqualTo("{\"type\":\"ack\",\"id\":\"c-1\",\"seq\":7}");
    JsonNode limited = json(LiveFrames.error("rate_limited", "Slow down.", "c-2", 3L));
    assertThat(fields(limited)).containsExactly("type", "code", "content", "id", "retryAfter");
    assertThat(limited.get("retryAfter").asLong()).isEqualTo(3);
    assertThat(fields(json(LiveFrames.error("invalid_json", "Bad.", null, null))))
        .containsExactly("type", "code", "content");
  }
}
