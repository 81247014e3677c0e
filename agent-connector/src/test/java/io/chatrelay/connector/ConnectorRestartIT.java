package io.chatrelay.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connector stopped with a message in flight, and others answered but not yet committed behind it, is replaced
 * by a new connector of the same group: every message must end up with exactly one reply.
 */
@ExtendWith(RelayInfraExtension.class)
class ConnectorRestartIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private RelayInfra infra;
  private DemoAgent agent;
  private ChatLog log;

  @BeforeEach
  void setUp(RelayInfra infra) {
    this.infra = infra;
    agent = DemoAgent.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC());
    log = new ChatLog(infra.bootstrapServers());
  }

  @AfterEach
  void tearDown() {
    log.close();
    agent.close();
  }

  @Test
  void shouldAnswerEveryMessageExactlyOnceAfterAConnectorDiesMidFlight() {
    replaceConnectorMidFlight(AgentConnector::halt);
  }

  @Test
  void shouldAnswerEveryMessageExactlyOnceAfterAConnectorStopsMidFlight() {
    replaceConnectorMidFlight(AgentConnector::close);
  }

  private void replaceConnectorMidFlight(Consumer<AgentConnector> stop) {
    Map<String, String> env = TestConnectors.env(infra, agent.url());
    String group = env.get(ConsumerGroup.GROUP_ID_ENV);
    List<String> sessions = sessionsInOnePartition(4);
    TopicPartition partition = new TopicPartition(Topics.CHAT_MESSAGES.name(), partitionOf(sessions.get(0)));
    AgentConnector first = TestConnectors.startReady(env);
    AgentConnector second = null;
    try {
      sessions.forEach(s -> log.openSession(s, AgentType.BankRep));
      List<UserMessage> messages = new ArrayList<>();
      messages.add(log.say(sessions.get(0), "/slow 5000 a question still in flight when the connector stops"));
      for (int i = 1; i < sessions.size(); i++) {
        messages.add(log.say(sessions.get(i), "quick question " + i));
      }
      String[] answeredFirst = sessions.subList(1, sessions.size()).toArray(String[]::new);
      await().atMost(WAIT).until(() -> log.events(AgentReply.class, answeredFirst).size() == 3);
      long inFlightOffset = log.positionOf(messages.get(0)).offset();
      // Later messages are answered, but the commit may not pass the one still in flight.
      await().atMost(WAIT).until(() -> TestConnectors.committed(infra, group, partition) == inFlightOffset);
      assertThat(log.events(AgentReply.class, sessions.get(0))).isEmpty();

      stop.accept(first);
      second = TestConnectors.startReady(env);

      long lastOffset = log.positionOf(messages.get(messages.size() - 1)).offset();
      await().atMost(WAIT).until(() -> TestConnectors.committed(infra, group, partition) > lastOffset);
      Map<UUID, Long> repliesPerMessage = log.events(AgentReply.class, sessions.toArray(String[]::new)).stream()
          .collect(Collectors.groupingBy(AgentReply::inReplyTo, Collectors.counting()));
      assertThat(repliesPerMessage).containsOnlyKeys(messages.stream().map(UserMessage::eventId).toList());
      assertThat(repliesPerMessage.values()).as("exactly one reply per user message").containsOnly(1L);
      assertThat(agent.requestsReceived())
          .as("answered messages are not sent again; only the one in flight is").isEqualTo(messages.size() + 1);
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  /** Sessions whose records share a partition, so answered messages sit behind the one in flight. */
  private List<String> sessionsInOnePartition(int count) {
    List<String> sessions = new ArrayList<>();
    int target = -1;
    while (sessions.size() < count) {
      String candidate = infra.uniqueName("session");
      int partition = partitionOf(candidate);
      if (target < 0) {
        target = partition;
      }
      if (partition == target) {
        sessions.add(candidate);
      }
    }
    return sessions;
  }

  private static int partitionOf(String sessionId) {
    return BuiltInPartitioner.partitionForKey(sessionId.getBytes(StandardCharsets.UTF_8), Topics.DEFAULT_PARTITIONS);
  }
}
