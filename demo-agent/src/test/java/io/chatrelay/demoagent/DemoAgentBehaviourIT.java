package io.chatrelay.demoagent;

import static io.chatrelay.demoagent.AgentFixture.FIXED;
import static io.chatrelay.demoagent.AgentFixture.NOW_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delays, ordering, injected failures and the operator commands, over real WebSocket connections. */
class DemoAgentBehaviourIT {

  @RegisterExtension
  final AgentFixture fixture = new AgentFixture();

  @Test
  void shouldAnswerOtherConnectionsImmediatelyWhileSlowMessagesWait() throws Exception {
    DemoAgent agent = fixture.start();
    // More slow connections than I/O threads: a delay that blocked an I/O thread would stall the next connection.
    List<AgentClient> slowClients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      AgentClient slow = fixture.connect(agent.url());
      slow.ask("/slow 30000 What fees?");
      slowClients.add(slow);
    }

    AgentClient quick = fixture.connect(agent.url());
    String requestId = quick.ask("What fees?");
    JsonNode reply = quick.next();

    assertThat(reply.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    assertThat(slowClients).allSatisfy(slow -> assertThat(slow.drain(Duration.ZERO)).isEmpty());
    assertThat(agent.requestsReceived()).isEqualTo(5);
  }

  @Test
  void shouldAnswerSlowMessageAfterTheRequestedDelay() throws Exception {
    DemoAgent agent = fixture.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC());
    AgentClient client = fixture.connect(agent.url());

    String requestId = client.ask("/slow 300 What fees?");
    JsonNode reply = client.next();

    assertThat(reply.path("content").asText()).isEqualTo(Persona.BankRep.answer("What fees?").text());
    assertThat(reply.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    assertThat(reply.at("/metadata/processingTime").asLong()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void shouldReplyInRequestOrderPerConnectionDespiteJitterAndSlowMessages() throws Exception {
    DemoAgentConfig jittery = new DemoAgentConfig(0, Duration.ofMillis(10), Duration.ofMillis(250), 0.0, 11);
    DemoAgent agent = fixture.start(jittery, FIXED);
    AgentClient client = fixture.connect(agent.url());

    List<String> sent = new ArrayList<>();
    sent.add(client.ask("/slow 400 first"));
    for (int i = 0; i < 15; i++) {
      sent.add(client.ask("question " + i));
    }
    List<String> answered = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      answered.add(client.next().at("/metadata/inReplyTo").asText());
    }

    assertThat(answered).containsExactlyElementsOf(sent);
    assertThat(agent.requestsReceived()).isEqualTo(16);
  }

  @Test
  void shouldAnswerEveryMessageWithErrorFrameAtFailureRateOne() throws Exception {
    DemoAgent agent = fixture.start(new DemoAgentConfig(0, Duration.ZERO, Duration.ZERO, 1.0, 3), FIXED);
    AgentClient client = fixture.connect(agent.url(Persona.PaymentsEcosystemRep));

    for (int i = 0; i < 3; i++) {
      String requestId = client.ask("Tell me about transfers " + i);
      JsonNode reply = client.next();

      assertThat(reply.path("type").asText()).isEqualTo("error");
      assertThat(reply.path("id").asText()).isNotBlank().isNotEqualTo(requestId);
      assertThat(reply.path("content").asText()).contains("simulated failure");
      assertThat(reply.path("timestamp").asText()).isEqualTo(NOW_TEXT);
      assertThat(reply.path("metadata").fieldNames()).toIterable().containsExactly("agentType", "inReplyTo");
      assertThat(reply.at("/metadata/agentType").asText()).isEqualTo("PaymentsEcosystemRep");
      assertThat(reply.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    }
  }

  @Test
  void shouldRepeatTheFailurePatternForTheSameSeed() throws Exception {
    DemoAgentConfig halfFailing = new DemoAgentConfig(0, Duration.ZERO, Duration.ZERO, 0.5, 7);
    List<String> first = replyTypes(fixture.connect(fixture.start(halfFailing, FIXED).url()), 12);
    List<String> second = replyTypes(fixture.connect(fixture.start(halfFailing, FIXED).url()), 12);

    assertThat(second).isEqualTo(first);
    assertThat(first).contains("error", "response");
  }

  @Test
  void shouldAnswerFailCommandWithErrorFrame() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());

    String requestId = client.ask("/fail");
    JsonNode reply = client.next();

    assertThat(reply.path("type").asText()).isEqualTo("error");
    assertThat(reply.path("content").asText()).contains("/fail");
    assertThat(reply.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
  }

  @Test
  void shouldSendThinkingStatusBeforeTheResponse() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url(Persona.BankRep));

    String requestId = client.ask("/status What fees?");
    JsonNode status = client.next();
    JsonNode response = client.next();

    assertThat(status.path("type").asText()).isEqualTo("status");
    assertThat(status.path("content").asText()).isEqualTo("thinking");
    assertThat(status.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    assertThat(response.path("type").asText()).isEqualTo("response");
    assertThat(response.path("content").asText()).isEqualTo(Persona.BankRep.answer("What fees?").text());
    assertThat(response.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
  }

  private static List<String> replyTypes(AgentClient client, int count) throws InterruptedException {
    List<String> types = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      client.ask("question " + i);
      types.add(client.next().path("type").asText());
    }
    return types;
  }
}
