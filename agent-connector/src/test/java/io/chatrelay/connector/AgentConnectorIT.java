package io.chatrelay.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.demoagent.Persona;
import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayInfraExtension.class)
class AgentConnectorIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private RelayInfra infra;
  private DemoAgent agent;
  private ChatLog log;
  private AgentConnector connector;

  @BeforeEach
  void setUp(RelayInfra infra) {
    this.infra = infra;
    agent = DemoAgent.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC());
    log = new ChatLog(infra.bootstrapServers());
  }

  @AfterEach
  void tearDown() {
    if (connector != null) {
      connector.close();
    }
    log.close();
    agent.close();
  }

  private void startConnector(Map<String, String> extra) {
    Map<String, String> env = TestConnectors.env(infra, agent.url());
    env.putAll(extra);
    connector = TestConnectors.startReady(env);
  }

  @Test
  void shouldPublishExactlyOneReplyInTheSessionsPersona() {
    startConnector(Map.of());
    String session = infra.uniqueName("session");
    log.openSession(session, AgentType.TradeBodyRep);
    UserMessage question = log.say(session, "What does a trade body do?");

    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 1);
    AgentReply reply = log.events(AgentReply.class, session).get(0);
    assertThat(reply.inReplyTo()).isEqualTo(question.eventId());
    assertThat(reply.userId()).isEqualTo(question.userId());
    assertThat(reply.metadata().agentType()).isEqualTo(AgentType.TradeBodyRep);
    assertThat(reply.content()).isEqualTo(Persona.TradeBodyRep.answer("What does a trade body do?").text());
    assertThat(reply.metadata().confidence()).isNotNull();
    assertThat(reply.agentMessageId()).isNotBlank();
    ConsumerRecord<String, ChatEvent> record = log.records().stream()
        .filter(r -> r.value().eventId().equals(reply.eventId())).findFirst().orElseThrow();
    assertThat(record.key()).as("keyed by session, beside the conversation").isEqualTo(session);

    // The reply is itself in the log the connector reads: it must not be answered in turn.
    UserMessage second = log.say(session, "And who funds it?");
    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 2);
    assertThat(log.events(AgentReply.class, session)).extracting(AgentReply::inReplyTo)
        .containsExactly(question.eventId(), second.eventId());
    assertThat(agent.requestsReceived()).isEqualTo(2);
    assertThat(agent.connectionsOpened()).as("one socket per session, reused").isEqualTo(1);
  }

  @Test
  void shouldAnswerAUserMessageWrittenWithoutTheEventTypeHeader() {
    startConnector(Map.of());
    String session = infra.uniqueName("tool");
    log.openSession(session, AgentType.BankRep);

    UserMessage question = log.sayWithoutHeaders(session, "Written by a plain Kafka producer");

    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 1);
    assertThat(log.events(AgentReply.class, session).get(0).inReplyTo()).isEqualTo(question.eventId());
    UserMessage next = log.say(session, "And with the header");
    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 2);
    assertThat(log.events(AgentReply.class, session).get(1).inReplyTo()).isEqualTo(next.eventId());
    assertThat(agent.requestsReceived()).as("its own replies, skipped by their header, are never answered")
        .isEqualTo(2);
  }

  @Test
  void shouldRouteAPersonaToTheEndpointItsUpperCaseVariableNames() {
    try (DemoAgent payments = DemoAgent.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC())) {
      startConnector(Map.of("AI_AGENT_WS_URL_PAYMENTSECOSYSTEMREP", payments.url()));
      String bankSession = infra.uniqueName("bank");
      String paymentsSession = infra.uniqueName("payments");
      log.openSession(bankSession, AgentType.BankRep);
      log.openSession(paymentsSession, AgentType.PaymentsEcosystemRep);
      log.say(bankSession, "Can I open an account?");
      log.say(paymentsSession, "How do card payments settle?");

      await().atMost(WAIT).until(() -> log.events(AgentReply.class, bankSession, paymentsSession).size() == 2);
      assertThat(log.events(AgentReply.class, paymentsSession).get(0).metadata().agentType())
          .isEqualTo(AgentType.PaymentsEcosystemRep);
      assertThat(log.events(AgentReply.class, bankSession).get(0).metadata().agentType())
          .isEqualTo(AgentType.BankRep);
      assertThat(payments.requestsReceived()).as("the payments persona's own endpoint").isEqualTo(1);
      assertThat(agent.requestsReceived()).as("everyone else's default endpoint").isEqualTo(1);
    }
  }

  @Test
  void shouldKeepTheOrderOfASessionsMessages() {
    startConnector(Map.of());
    String session = infra.uniqueName("session");
    log.openSession(session, AgentType.BankRep);
    UserMessage first = log.say(session, "/slow 400 first question");
    UserMessage second = log.say(session, "second question");
    UserMessage third = log.say(session, "/slow 100 third question");

    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 3);
    List<AgentReply> replies = log.events(AgentReply.class, session);
    assertThat(replies).extracting(AgentReply::inReplyTo)
        .containsExactly(first.eventId(), second.eventId(), third.eventId());
    assertThat(replies).extracting(AgentReply::content).containsExactly(
        Persona.BankRep.answer("first question").text(),
        Persona.BankRep.answer("second question").text(),
        Persona.BankRep.answer("third question").text());
  }

  @Test
  void shouldNotDelayOneSessionBehindAnotherSessionsSlowAnswer() {
    startConnector(Map.of());
    String slow = infra.uniqueName("slow");
    String quick = infra.uniqueName("quick");
    log.openSession(slow, AgentType.BankRep);
    log.openSession(quick, AgentType.BankRep);
    UserMessage slowQuestion = log.say(slow, "/slow 3000 a hard question");
    UserMessage quickQuestion = log.say(quick, "an easy question");

    await().atMost(WAIT).until(() -> log.events(AgentReply.class, quick).size() == 1);
    assertThat(log.events(AgentReply.class, slow)).as("the slow answer is still pending").isEmpty();
    await().atMost(WAIT).until(() -> log.events(AgentReply.class, slow).size() == 1);
    assertThat(log.events(AgentReply.class, slow, quick)).extracting(AgentReply::inReplyTo)
        .containsExactly(quickQuestion.eventId(), slowQuestion.eventId());
  }

  @Test
  void shouldTellTheUserWhenTheAgentTakesTooLongAndAnswerTheNextMessageCorrectly() {
    startConnector(Map.of(ConnectorConfig.REPLY_TIMEOUT_ENV, "500"));
    String session = infra.uniqueName("session");
    log.openSession(session, AgentType.BankRep);
    UserMessage late = log.say(session, "/slow 2000 a question nobody answers in time");
    UserMessage next = log.say(session, "a question answered at once");

    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 1);
    List<AgentError> errors = log.events(AgentError.class, session);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).code()).isEqualTo("agent_timeout");
    assertThat(errors.get(0).inReplyTo()).isEqualTo(late.eventId());
    AgentReply reply = log.events(AgentReply.class, session).get(0);
    assertThat(reply.inReplyTo()).isEqualTo(next.eventId());
    assertThat(reply.content()).as("not the late answer to the timed-out question")
        .isEqualTo(Persona.BankRep.answer("a question answered at once").text());
  }

  @Test
  void shouldPublishTheAgentsErrorAsTheMessagesOutcome() {
    startConnector(Map.of());
    String session = infra.uniqueName("session");
    log.openSession(session, AgentType.BankRep);
    UserMessage failing = log.say(session, "/fail");

    await().atMost(WAIT).until(() -> log.events(AgentError.class, session).size() == 1);
    AgentError error = log.events(AgentError.class, session).get(0);
    assertThat(error.code()).isEqualTo("agent_error");
    assertThat(error.inReplyTo()).isEqualTo(failing.eventId());
    assertThat(error.content()).contains("could not answer");
    assertThat(log.events(AgentReply.class, session)).isEmpty();
  }

  @Test
  void shouldRelayTheAgentsStatusFramesAndStillAnswerTheMessage() {
    startConnector(Map.of());
    String session = infra.uniqueName("session");
    log.openSession(session, AgentType.BankRep);
    UserMessage question = log.say(session, "/status what are your opening hours?");

    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 1);
    List<AgentStatus> statuses = log.events(AgentStatus.class, session);
    assertThat(statuses).extracting(AgentStatus::status).containsExactly("thinking");
    assertThat(log.events(AgentReply.class, session).get(0).inReplyTo()).isEqualTo(question.eventId());
    List<ChatEvent> order = log.events(ChatEvent.class, session);
    assertThat(order.indexOf(statuses.get(0))).as("status shown before the answer")
        .isLessThan(order.indexOf(log.events(AgentReply.class, session).get(0)));
  }

  @Test
  void shouldForgetADeletedSessionAndNotForwardItsLaterMessages() {
    Map<String, String> env = TestConnectors.env(infra, agent.url());
    connector = TestConnectors.startReady(env);
    String session = infra.uniqueName("session");
    log.openSession(session, AgentType.BankRep);
    log.say(session, "hello");
    await().atMost(WAIT).until(() -> log.events(AgentReply.class, session).size() == 1);

    log.send(SessionDeleted.of(session, "user-" + session, Instant.now()));
    UserMessage afterDelete = log.say(session, "anyone still here?");
    RecordMetadata position = log.positionOf(afterDelete);
    TopicPartition partition = new TopicPartition(position.topic(), position.partition());
    await().atMost(WAIT).until(() -> TestConnectors.committed(infra, env.get(ConsumerGroup.GROUP_ID_ENV),
        partition) > position.offset());
    assertThat(log.events(AgentReply.class, session)).hasSize(1);
    assertThat(log.events(AgentError.class, session)).isEmpty();
    assertThat(agent.requestsReceived()).as("the message after deletion never reached the agent").isEqualTo(1);
  }
}
