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
import io.chatrelay.kit.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two connectors of one group share the sessions, each a static member ({@code CONNECTOR_INSTANCE_ID}): every
 * message is answered once, by whichever owns its partition, and one connector restarting takes back its own
 * partitions while the other keeps its own throughout.
 */
@ExtendWith(RelayInfraExtension.class)
class ConnectorGroupIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int SESSIONS = 12;

  private RelayInfra infra;
  private DemoAgent agent;
  private ChatLog log;
  private Admin admin;

  @BeforeEach
  void setUp(RelayInfra infra) {
    this.infra = infra;
    agent = DemoAgent.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC());
    log = new ChatLog(infra.bootstrapServers());
    admin = Admin.create(KafkaSettings.of(infra.bootstrapServers()).admin("group-it"));
  }

  @AfterEach
  void tearDown() {
    admin.close();
    log.close();
    agent.close();
  }

  @Test
  void shouldShareTheSessionsAndKeepEachConnectorsPartitionsAcrossARestart() throws Exception {
    Map<String, String> env = TestConnectors.env(infra, agent.url());
    String group = env.get(ConsumerGroup.GROUP_ID_ENV);
    AgentConnector first = TestConnectors.startReady(instance(env, "connector-0"));
    AgentConnector second = TestConnectors.startReady(instance(env, "connector-1"));
    AgentConnector restarted = null;
    try {
      Map<String, Set<TopicPartition>> before = awaitTwoMembersSharing(group);
      List<String> sessions = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        sessions.add(infra.uniqueName("group-session"));
      }
      sessions.forEach(s -> log.openSession(s, AgentType.BankRep));
      List<UserMessage> asked = new ArrayList<>();
      sessions.forEach(s -> asked.add(log.say(s, "before the restart")));
      awaitOneReplyEach(sessions, asked);

      second.close();
      restarted = TestConnectors.startReady(instance(env, "connector-1"));
      sessions.forEach(s -> asked.add(log.say(s, "after the restart")));
      awaitOneReplyEach(sessions, asked);

      assertThat(assignment(group)).as("each instance owns what it owned before the restart").isEqualTo(before);
      assertThat(agent.requestsReceived()).as("no question asked twice").isEqualTo(asked.size());
    } finally {
      first.close();
      second.close();
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  private static Map<String, String> instance(Map<String, String> env, String instanceId) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put(ConsumerGroup.INSTANCE_ID_ENV, instanceId);
    return copy;
  }

  /** Waits until both connectors are members with a share of the partitions each; returns the shares. */
  private Map<String, Set<TopicPartition>> awaitTwoMembersSharing(String group) {
    return await().atMost(WAIT).until(() -> assignment(group),
        shares -> shares.size() == 2 && shares.values().stream().noneMatch(Set::isEmpty));
  }

  /** Each static member's partitions, by instance id. */
  private Map<String, Set<TopicPartition>> assignment(String group) throws Exception {
    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
        .get(group).get(30, TimeUnit.SECONDS);
    return description.members().stream().collect(Collectors.toMap(
        m -> m.groupInstanceId().orElse("dynamic:" + m.consumerId()),
        ConnectorGroupIT::partitions));
  }

  private static Set<TopicPartition> partitions(MemberDescription member) {
    Set<TopicPartition> sorted = new TreeSet<>((a, b) -> Integer.compare(a.partition(), b.partition()));
    sorted.addAll(member.assignment().topicPartitions());
    return sorted;
  }

  private void awaitOneReplyEach(List<String> sessions, List<UserMessage> asked) {
    String[] ids = sessions.toArray(String[]::new);
    await().atMost(WAIT).until(() -> log.events(AgentReply.class, ids).size() >= asked.size());
    Map<UUID, Long> repliesPerMessage = log.events(AgentReply.class, ids).stream()
        .collect(Collectors.groupingBy(AgentReply::inReplyTo, Collectors.counting()));
    assertThat(repliesPerMessage).containsOnlyKeys(asked.stream().map(UserMessage::eventId).toList());
    assertThat(repliesPerMessage.values()).as("exactly one reply per user message").containsOnly(1L);
  }

  @Test
  void shouldAnswerTheQuestionsInFlightOnPartitionsItHandsToAJoiningConnectorBeforeLettingThemGo() {
    Map<String, String> env = TestConnectors.env(infra, agent.url());
    String group = env.get(ConsumerGroup.GROUP_ID_ENV);
    AgentConnector first = TestConnectors.startReady(instance(env, "connector-0"));
    AgentConnector second = null;
    try {
      List<String> sessions = onePerPartition();
      sessions.forEach(s -> log.openSession(s, AgentType.BankRep));
      List<UserMessage> asked = new ArrayList<>();
      sessions.forEach(s -> asked.add(log.say(s, "/slow 3000 a question with the agent when the group changes")));
      await().atMost(WAIT).until(() -> agent.requestsReceived() == asked.size());

      second = TestConnectors.startReady(instance(env, "connector-1"));
      awaitTwoMembersSharing(group);
      awaitOneReplyEach(sessions, asked);

      assertThat(agent.requestsReceived()).as("the questions in flight on the partitions handed over were not asked "
          + "again by their new owner").isEqualTo(asked.size());
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  /** A session in each partition of the log, so that whichever partitions move, one has a question in flight. */
  private List<String> onePerPartition() {
    Map<Integer, String> byPartition = new TreeMap<>();
    while (byPartition.size() < Topics.DEFAULT_PARTITIONS) {
      String candidate = infra.uniqueName("drain-session");
      byPartition.putIfAbsent(BuiltInPartitioner.partitionForKey(candidate.getBytes(StandardCharsets.UTF_8),
          Topics.DEFAULT_PARTITIONS), candidate);
    }
    return new ArrayList<>(byPartition.values());
  }
}
