package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import io.chatrelay.events.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AgentFrameTest {

  @Test
  void shouldWriteTheProtocolFrameWithTheEventIdAndThePersona() throws Exception {
    UserMessage message = UserMessage.of("s-1", "u-1", Instant.parse("2025-01-01T10:00:00Z"), "c-1", "Hello?",
        Map.of("userAgent", "Firefox/140", "agentType", "TradeBodyRep"));

    JsonNode frame = Json.mapper().readTree(AgentFrame.outbound(message, AgentType.BankRep));

    assertThat(frame.get("id").asText()).isEqualTo(message.eventId().toString());
    assertThat(frame.get("type").asText()).isEqualTo("message");
    assertThat(frame.get("content").asText()).isEqualTo("Hello?");
    assertThat(frame.get("timestamp").asText()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(frame.get("metadata").get("userAgent").asText()).isEqualTo("Firefox/140");
    assertThat(frame.get("metadata").get("agentType").asText()).as("the session's persona wins")
        .isEqualTo("BankRep");
  }

  @Test
  void shouldForwardOnlyTheAllowListedMetadataOfTheUsersMessage() throws Exception {
    UserMessage message = UserMessage.of("s-1", "u-1", Instant.parse("2025-01-01T10:00:00Z"), "c-1", "Hello?",
        Map.of("userAgent", "Firefox/140", "ipAddress", "203.0.113.9", "apiKey", "sk-1",
            "nested", Map.of("a", 1), "agentType", "TradeBodyRep"));
    UserMessage odd = UserMessage.of("s-1", "u-1", Instant.parse("2025-01-01T10:00:00Z"), "c-2", "Hi",
        Map.of("userAgent", Map.of("not", "a string")));

    JsonNode metadata = Json.mapper().readTree(AgentFrame.outbound(message, AgentType.BankRep)).get("metadata");
    JsonNode oddMetadata = Json.mapper().readTree(AgentFrame.outbound(odd, AgentType.BankRep)).get("metadata");

    java.util.List<String> keys = new java.util.ArrayList<>();
    metadata.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("userAgent", "agentType");
    assertThat(oddMetadata.has("userAgent")).isFalse();
  }

  @Test
  void shouldReadAResponseWithItsMetadata() {
    UUID question = UUID.randomUUID();
    AgentFrame frame = AgentFrame.parse("{\"id\":\"a-1\",\"type\":\"response\",\"content\":\"Hi\","
        + "\"timestamp\":\"2025-01-01T10:00:01Z\",\"metadata\":{\"agentType\":\"TradeBodyRep\",\"confidence\":0.8,"
        + "\"processingTime\":120,\"inReplyTo\":\"" + question + "\",\"extra\":[1,2]}}");

    assertThat(frame.id()).isEqualTo("a-1");
    assertThat(frame.type()).isEqualTo(AgentFrame.RESPONSE);
    assertThat(frame.content()).isEqualTo("Hi");
    assertThat(frame.confidence()).isEqualTo(0.8);
    assertThat(frame.processingTime()).isEqualTo(120L);
    assertThat(frame.inReplyTo()).contains(question);
  }

  @Test
  void shouldIgnoreMetadataItCannotUse() {
    AgentFrame frame = AgentFrame.parse("{\"id\":\"a\",\"type\":\"response\",\"content\":\"x\",\"metadata\":"
        + "{\"agentType\":\"Nobody\",\"confidence\":7,\"processingTime\":\"fast\",\"inReplyTo\":\"not-a-uuid\"}}");

    assertThat(frame.confidence()).isNull();
    assertThat(frame.processingTime()).isNull();
    assertThat(frame.inReplyTo()).isEmpty();
  }

  @Test
  void shouldAcceptAStatusFrameWithoutContent() {
    AgentFrame frame = AgentFrame.parse("{\"type\":\"status\",\"metadata\":{\"status\":\"typing\"}}");
    assertThat(frame.content()).isEmpty();
    assertThat(frame.status()).contains("typing");
  }

  @Test
  void shouldRefuseFramesItCannotAnswerWith() {
    assertThatThrownBy(() -> AgentFrame.parse("not json")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> AgentFrame.parse("[1,2]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> AgentFrame.parse("{\"content\":\"x\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no type");
    assertThatThrownBy(() -> AgentFrame.parse("{\"type\":\"response\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no content");
  }

  @Test
  void shouldReadADeltaWithItsIndexAndTheMessageItAnswersAtTheTopLevel() {
    UUID question = UUID.randomUUID();
    AgentFrame delta = AgentFrame.parse("{\"type\":\"response.delta\",\"inReplyTo\":\"" + question
        + "\",\"content\":\"Fe\",\"index\":3}");

    assertThat(delta.type()).isEqualTo(AgentFrame.DELTA);
    assertThat(delta.index()).isEqualTo(3);
    assertThat(delta.content()).isEqualTo("Fe");
    assertThat(delta.inReplyTo()).contains(question);
    assertThat(AgentFrame.parse("{\"type\":\"response.delta\",\"content\":\"x\",\"index\":\"two\"}").index())
        .as("an index that is not a number is no index").isEqualTo(-1);
    assertThatThrownBy(() -> AgentFrame.parse("{\"type\":\"response.delta\",\"index\":0}"))
        .hasMessageContaining("no content");
  }

  @Test
  void shouldWriteTheCancelFrameOfTheProtocol() throws Exception {
    UUID question = UUID.randomUUID();
    JsonNode frame = Json.mapper().readTree(AgentFrame.cancel(question));

    assertThat(frame.get("type").asText()).isEqualTo("cancel");
    assertThat(frame.get("inReplyTo").asText()).isEqualTo(question.toString());
  }
}
