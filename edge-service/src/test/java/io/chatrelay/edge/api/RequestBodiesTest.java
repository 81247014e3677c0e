package io.chatrelay.edge.api;

import static io.chatrelay.edge.api.RequestRulesTest.assertBadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadNewSessionWithDefaultsWhenBodyIsEmpty() {
    NewSessionRequest request = NewSessionRequest.parse(new byte[0], AgentType.TradeBodyRep);

    assertThat(request.userId()).isEmpty();
    assertThat(request.metadata().agentType()).isEqualTo(AgentType.TradeBodyRep);
  }

  @Test
  void shouldReadNewSessionFields() {
    NewSessionRequest request = NewSessionRequest.parse(json(
        "{\"userId\":\"alice\",\"metadata\":{\"userAgent\":\"UA\",\"ipAddress\":\"10.0.0.1\","
            + "\"agentType\":\"PaymentsEcosystemRep\"},\"extra\":1}"), AgentType.BankRep);

    assertThat(request.userId()).contains("alice");
    assertThat(request.metadata().agentType()).isEqualTo(AgentType.PaymentsEcosystemRep);
    assertThat(request.metadata().userAgent()).isEqualTo("UA");
    assertThat(request.metadata().ipAddress()).isEqualTo("10.0.0.1");
  }

  @Test
  void shouldRefuseBadNewSessionBodies() {
    assertBadRequest(() -> NewSessionRequest.parse(json("{\"userId\":"), AgentType.BankRep), "not valid JSON");
    assertBadRequest(() -> NewSessionRequest.parse(json("[1,2]"), AgentType.BankRep), "JSON object");
    assertBadRequest(() -> NewSessionRequest.parse(json("{\"userId\":42}"), AgentType.BankRep), "userId");
    assertBadRequest(() -> NewSessionRequest.parse(json("{\"userId\":\"a b\"}"), AgentType.BankRep), "userId");
    assertBadRequest(() -> NewSessionRequest.parse(json("{\"metadata\":\"x\"}"), AgentType.BankRep), "metadata");
    assertBadRequest(() -> NewSessionRequest.parse(json("{\"metadata\":{\"agentType\":\"bankrep\"}}"),
        AgentType.BankRep), "agentType");
    assertBadRequest(() -> NewSessionRequest.parse(json("{\"metadata\":{\"agentType\":7}}"), AgentType.BankRep),
        "agentType");
    assertBadRequest(() -> NewSessionRequest.parse(json("{\"userId\":\"a\",\"userId\":\"b\"}"),
        AgentType.BankRep), "JSON");
    assertBadRequest(() -> NewSessionRequest.parse(json("{} {}"), AgentType.BankRep), "JSON");
  }

  @Test
  void shouldReadNewMessageTrimmedWithMetadata() {
    NewMessageRequest request = NewMessageRequest.parse(json(
        "{\"content\":\"  hi there  \",\"metadata\":{\"clientTs\":5,\"dropped\":null}}"));

    assertThat(request.content()).isEqualTo("hi there");
    assertThat(request.metadata()).isEqualTo(Map.of("clientTs", 5));
  }

  @Test
  void shouldRefuseBadNewMessageBodies() {
    assertBadRequest(() -> NewMessageRequest.parse(new byte[0]), "required");
    assertBadRequest(() -> NewMessageRequest.parse(json("{}")), "content is required");
    assertBadRequest(() -> NewMessageRequest.parse(json("{\"content\":\"\"}")), "empty");
    assertBadRequest(() -> NewMessageRequest.parse(json("{\"content\":\"   \"}")), "empty");
    assertBadRequest(() -> NewMessageRequest.parse(json("{\"content\":5}")), "content must be a string");
    assertBadRequest(() -> NewMessageRequest.parse(json("{\"content\":\"hi\",\"metadata\":[1]}")), "metadata");
    assertBadRequest(() -> NewMessageRequest.parse(json("{\"content\":\"" + "x".repeat(1001) + "\"}")), "1000");
    assertBadRequest(() -> NewMessageRequest.parse(json("{content:'hi'}")), "not valid JSON");
  }
}
