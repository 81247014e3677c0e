package io.chatrelay.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An agent whose answer never ends: the connector stops reading at the cap and the question fails visibly. */
@ExtendWith(RelayInfraExtension.class)
class AgentFrameCapIT {

  private static final long AGENT_LIMIT = 64L * 1024 * 1024;

  @Test
  void shouldDropAnAgentWhoseFragmentedAnswerNeverEndsAndTellTheUser(RelayInfra infra) throws Exception {
    try (EndlessFrameAgent agent = new EndlessFrameAgent(AGENT_LIMIT);
        ChatLog log = new ChatLog(infra.bootstrapServers())) {
      Map<String, String> env = TestConnectors.env(infra, agent.url());
      // Far beyond the wait below: only the cap can end this answer in time.
      env.put(ConnectorConfig.REPLY_TIMEOUT_ENV, "120000");
      env.put(ConnectorConfig.HEARTBEAT_ENV, "120000");
      try (AgentConnector connector = TestConnectors.startReady(env)) {
        String session = infra.uniqueName("endless");
        log.openSession(session, AgentType.BankRep);
        long start = System.nanoTime();
        log.say(session, "Tell me everything");

        await().atMost(Duration.ofSeconds(30)).until(() -> log.events(AgentError.class, session).size() == 1);
        long millis = (System.nanoTime() - start) / 1_000_000;
        AgentError error = log.events(AgentError.class, session).get(0);
        System.out.printf("FIGURE 23-agent-endless-frame: endless fragmented answer (1 KiB fragments, cap %d bytes):"
                + " %s '%s' after %d ms; the agent had written %,d bytes when the connection was dropped%n",
            65_536, error.code(), error.content(), millis, agent.bytesSent());
        assertThat(error.code()).isEqualTo("agent_error");
        assertThat(error.content()).contains("too large");
        assertThat(log.events(AgentReply.class, session)).isEmpty();
        assertThat(agent.bytesSent()).as("the connector stopped reading long before the agent's own limit")
            .isLessThan(AGENT_LIMIT);
      }
    }
  }
}
