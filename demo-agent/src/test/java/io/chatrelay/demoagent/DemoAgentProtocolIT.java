package io.chatrelay.demoagent;

import static io.chatrelay.demoagent.AgentFixture.NOW_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.testing.Handshake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Frames, personas, refusals and lifecycle, over real WebSocket connections. */
class DemoAgentProtocolIT {

  @RegisterExtension
  final AgentFixture fixture = new AgentFixture();

  @ParameterizedTest
  @EnumSource(Persona.class)
  void shouldAnswerAsThePersonaInThePathWithCorrelatedResponseFrame(Persona persona) throws Exception {
    DemoAgent agent = fixture.start();
    AgentClient client = fixture.connect(agent.url(persona));

    String requestId = client.ask("What fees do you charge?");
    JsonNode reply = client.next();

    Answer expected = persona.answer("What fees do you charge?");
    assertThat(reply.fieldNames()).toIterable().containsExactly("id", "type", "content", "timestamp", "metadata");
    assertThat(reply.path("type").asText()).isEqualTo("response");
    assertThat(reply.path("id").asText()).isNotBlank().isNotEqualTo(requestId);
    assertThat(reply.path("content").asText()).isEqualTo(expected.text());
    assertThat(reply.path("timestamp").asText()).isEqualTo(NOW_TEXT);
    JsonNode metadata = reply.path("metadata");
    assertThat(metadata.fieldNames()).toIterable()
        .containsExactly("agentType", "confidence", "processingTime", "inReplyTo");
    assertThat(metadata.path("agentType").asText()).isEqualTo(persona.name());
    assertThat(metadata.path("confidence").asDouble()).isEqualTo(expected.confidence()).isBetween(0.0, 1.0);
    assertThat(metadata.path("processingTime").isIntegralNumber()).isTrue();
    assertThat(metadata.path("processingTime").asLong()).isZero(); // the clock is fixed
    assertThat(metadata.path("inReplyTo").asText()).isEqualTo(requestId);
    assertThat(agent.requestsReceived()).isEqualTo(1);
    assertThat(agent.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void shouldChoosePersonaFromMetadataOnPlainEndpointAndDefaultToBankRep() throws Exception {
    DemoAgent agent = fixture.start();
    AgentClient plain = fixture.connect(agent.url());
    AgentClient pinned = fixture.connect(agent.url(Persona.TradeBodyRep));

    plain.ask("Tell me about fraud", "PaymentsEcosystemRep");
    plain.ask("Tell me about fraud");
    pinned.ask("Tell me about fraud", "BankRep");

    JsonNode fromMetadata = plain.next();
    JsonNode byDefault = plain.next();
    JsonNode fromPath = pinned.next();
    assertThat(fromMetadata.at("/metadata/agentType").asText()).isEqualTo("PaymentsEcosystemRep");
    assertThat(fromMetadata.path("content").asText())
        .isEqualTo(Persona.PaymentsEcosystemRep.answer("Tell me about fraud").text());
    assertThat(byDefault.at("/metadata/agentType").asText()).isEqualTo("BankRep");
    assertThat(byDefault.path("content").asText()).isEqualTo(Persona.BankRep.answer("Tell me about fraud").text());
    assertThat(fromPath.at("/metadata/agentType").asText()).isEqualTo("TradeBodyRep");
  }

  @Test
  void shouldAnswerUnknownAgentTypeWithErrorFrame() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());

    String requestId = client.ask("hello", "Wizard");
    JsonNode reply = client.next();

    assertThat(reply.path("type").asText()).isEqualTo("error");
    assertThat(reply.path("content").asText()).contains("Unknown agentType 'Wizard'");
    assertThat(reply.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
  }

  @ParameterizedTest
  @CsvSource(value = {",user-1", "session-1,", "session-1,' '"})
  void shouldRefuseUpgradeWithoutIdentifyingHeaders(String sessionId, String userId) {
    DemoAgent agent = fixture.start();

    Handshake<AgentClient> refused = AgentClient.attempt(agent.url(), sessionId, userId);

    assertThat(refused.upgraded()).isFalse();
    assertThat(refused.refusedStatus()).isEqualTo(400);
    assertThat(agent.connectionsOpened()).isZero();
  }

  @Test
  void shouldExplainRefusalsToPlainHttpRequests() throws Exception {
    DemoAgent agent = fixture.start();
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + agent.port() + "/ws");

    HttpResponse<String> noHeaders =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> noUpgrade = http.send(
        HttpRequest.newBuilder(uri).header("X-Session-ID", "s").header("X-User-ID", "u").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(noHeaders.statusCode()).isEqualTo(400);
    assertThat(noHeaders.body()).isEqualTo("Missing required header X-Session-ID.");
    assertThat(noUpgrade.statusCode()).isEqualTo(426);
  }

  @Test
  void shouldRefuseUnknownPersonaPath() {
    DemoAgent agent = fixture.start();

    Handshake<AgentClient> refused = AgentClient.attempt(agent.url() + "/Wizard", "session-1", "user-1");

    assertThat(refused.upgraded()).isFalse();
    assertThat(refused.refusedStatus()).isEqualTo(404);
  }

  @Test
  void shouldAnswerMalformedFramesWithErrorFramesAndKeepTheSocketUsable() throws Exception {
    DemoAgent agent = fixture.start();
    AgentClient client = fixture.connect(agent.url(Persona.TradeBodyRep));

    client.send("this is {not json");
    JsonNode notJson = client.next();
    client.send("{\"id\":\"s-1\",\"type\":\"status\",\"content\":\"hi\"}");
    JsonNode wrongType = client.next();
    String requestId = client.ask("Still there?");
    JsonNode answer = client.next();

    assertThat(notJson.path("type").asText()).isEqualTo("error");
    assertThat(notJson.path("content").asText()).isEqualTo("Frame is not valid JSON.");
    assertThat(notJson.at("/metadata/agentType").asText()).isEqualTo("TradeBodyRep");
    assertThat(notJson.path("metadata").has("inReplyTo")).isFalse();
    assertThat(wrongType.path("type").asText()).isEqualTo("error");
    assertThat(wrongType.path("content").asText()).startsWith("Unsupported frame type 'status'");
    assertThat(wrongType.at("/metadata/inReplyTo").asText()).isEqualTo("s-1");
    assertThat(answer.path("type").asText()).isEqualTo("response");
    assertThat(answer.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    assertThat(agent.requestsReceived()).isEqualTo(3);
  }

  @Test
  void shouldAnswerBinaryFrameWithErrorFrame() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());

    client.sendBinary(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)));

    JsonNode reply = client.next();
    assertThat(reply.path("type").asText()).isEqualTo("error");
    assertThat(reply.path("content").asText()).contains("Binary frames are not supported");
  }

  @Test
  void shouldAnswerPingWithPong() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());

    client.ping("heartbeat");

    ByteBuffer pong = client.nextPong();
    assertThat(pong).isNotNull();
    assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("heartbeat");
  }

  @Test
  void shouldReportTheBoundPortInItsUrl() {
    DemoAgent agent = fixture.start();

    assertThat(agent.port()).isPositive();
    assertThat(agent.url()).isEqualTo("ws://127.0.0.1:" + agent.port() + "/ws");
    assertThat(agent.url(Persona.TradeBodyRep)).isEqualTo("ws://127.0.0.1:" + agent.port() + "/ws/TradeBodyRep");
  }

  @Test
  void shouldTellConnectedClientsItIsGoingAwayWhenClosed() throws Exception {
    DemoAgent agent = fixture.start();
    AgentClient client = fixture.connect(agent.url());
    // The client's handshake can complete before the agent has taken the connection in; a pong means it has.
    client.ping("up?");
    client.nextPong();

    agent.close();
    agent.close();

    assertThat(client.awaitClosed().code()).isEqualTo(1001);
  }
}
