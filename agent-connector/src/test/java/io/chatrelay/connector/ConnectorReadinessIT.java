package io.chatrelay.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayInfraExtension.class)
class ConnectorReadinessIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldBeUnreadyWhileKafkaIsUnreachableAndAnswerAgainWhenItIsBack(RelayInfra infra) {
    try (DemoAgent agent = DemoAgent.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC());
        AgentConnector connector = TestConnectors.startReady(TestConnectors.env(infra, agent.url()))) {
      HttpResponse<String> ready = Http.get(connector.opsPort(), "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"status\":\"UP\"", "broker(s) reachable", "no agent called yet");
      assertThat(Http.get(connector.opsPort(), "/health/live").statusCode()).isEqualTo(200);

      infra.kafka().stop();
      try {
        await().atMost(WAIT).until(() -> Http.get(connector.opsPort(), "/health/ready").statusCode() == 503);
        assertThat(Http.get(connector.opsPort(), "/health/ready").body()).contains("Kafka unreachable");
        assertThat(Http.get(connector.opsPort(), "/health/live").statusCode()).isEqualTo(200);
      } finally {
        infra.kafka().restart();
      }

      await().atMost(WAIT).until(() -> Http.get(connector.opsPort(), "/health/ready").statusCode() == 200);
      try (ChatLog log = new ChatLog(infra.bootstrapServers())) {
        String session = infra.uniqueName("session");
        log.openSession(session, AgentType.BankRep);
        log.say(session, "are you still there?");
        await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 1);
      }
    }
  }
}
