package io.chatrelay.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The life of an agent socket: closed when idle, replaced when it stops answering pings. */
@ExtendWith(RelayInfraExtension.class)
class AgentConnectionIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern ACTIVE_SESSIONS = Pattern.compile("(?m)^connector_sessions_active\\{[^}]*} (\\S+)$");

  @Test
  void shouldCloseAnIdleSocketAndOpenAFreshOneForTheNextMessage(RelayInfra infra) {
    try (DemoAgent agent = DemoAgent.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC());
        ChatLog log = new ChatLog(infra.bootstrapServers())) {
      Map<String, String> env = TestConnectors.env(infra, agent.url());
      env.put(ConnectorConfig.IDLE_TIMEOUT_ENV, "300");
      try (AgentConnector connector = TestConnectors.startReady(env)) {
        String session = infra.uniqueName("session");
        log.openSession(session, AgentType.BankRep);
        log.say(session, "first visit");
        await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 1);

        await().atMost(WAIT).until(() -> activeSessions(connector) == 0.0);
        log.say(session, "back again");
        await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 2);
        assertThat(agent.connectionsOpened()).as("the idle socket was closed, a new one opened").isEqualTo(2);
      }
    }
  }

  @Test
  void shouldReplaceASocketThatStopsAnsweringPings(RelayInfra infra) throws Exception {
    try (SilentAgent agent = new SilentAgent(); ChatLog log = new ChatLog(infra.bootstrapServers())) {
      Map<String, String> env = TestConnectors.env(infra, agent.url());
      env.put(ConnectorConfig.HEARTBEAT_ENV, "200");
      env.put(ConnectorConfig.REPLY_TIMEOUT_ENV, "60000");
      env.put(ConnectorConfig.RECONNECT_BASE_ENV, "20");
      env.put(ConnectorConfig.RECONNECT_MAX_ENV, "50");
      env.put(ConnectorConfig.BREAKER_OPEN_ENV, "60000");
      try (AgentConnector connector = TestConnectors.startReady(env)) {
        String session = infra.uniqueName("session");
        log.openSession(session, AgentType.BankRep);
        log.say(session, "is anybody listening?");

        await().atMost(WAIT).until(() -> agent.handshakes() >= 2);
        assertThat(log.events(AgentError.class, session)).as("replaced long before the reply timeout").isEmpty();
        // The user is told at the first replaced socket; every one is a failed call, and enough open the breaker.
        await().atMost(WAIT).until(() -> log.events(AgentStatus.class, session).stream()
            .anyMatch(s -> s.status().equals("unavailable")));
        await().atMost(WAIT).until(() -> Http.get(connector.opsPort(), "/health/ready").body().contains("OPEN"));
        assertThat(agent.handshakes()).isGreaterThanOrEqualTo(5);
        assertThat(log.events(AgentError.class, session)).as("the message still waits for an answer").isEmpty();
      }
    }
  }

  private static double activeSessions(AgentConnector connector) {
    Matcher m = ACTIVE_SESSIONS.matcher(Http.get(connector.opsPort(), "/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
