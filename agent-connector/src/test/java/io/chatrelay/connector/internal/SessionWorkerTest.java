package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session workers as the poll thread drives them, through {@link Sessions}, on a manual clock. */
class SessionWorkerTest {

  private static final TopicPartition P0 = new TopicPartition(Topics.CHAT_MESSAGES.name(), 0);
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration BREAKER_OPEN = Duration.ofSeconds(5);
  private static final Duration GIVE_UP = Duration.ofSeconds(30);
  private static final Duration IDLE = Duration.ofSeconds(60);
  private static final Duration MS = Duration.ofMillis(1);

  private final ConnectorRig rig = new ConnectorRig(Map.of(
      "AGENT_REPLY_TIMEOUT_MS", "10000", "AGENT_RECONNECT_BASE_MS", "1000", "AGENT_RECONNECT_MAX_MS", "30000",
      "AGENT_RECONNECT_ATTEMPTS", "2", "AGENT_BREAKER_OPEN_MS", "5000", "AGENT_UNAVAILABLE_GIVE_UP_MS", "30000",
      "AGENT_IDLE_TIMEOUT_MS", "60000", "AGENT_STATUS_PER_SECOND", "1", "AGENT_STATUS_BURST", "3"));
  private final Sessions sessions = new Sessions(rig.ctx);
  private long offset;

  @BeforeEach
  void assign() {
    rig.tracker.assign(P0);
  }

  private PendingMessage ask(String sessionId, String content) {
    PendingMessage message = rig.message(sessionId, content, rig.tracker.track(P0, offset++));
    sessions.submit(message);
    return message;
  }

  private List<String> asked() {
    return rig.agent.questions().stream().map(q -> q.get("content").asText()).toList();
  }

  private ChatEvent lastEvent() {
    List<ChatEvent> events = rig.events();
    assertThat(events).isNotEmpty();
    return events.get(events.size() - 1);
  }

  private static void assertError(ChatEvent event, String code, UUID inReplyTo) {
    assertThat(event).isInstanceOfSatisfying(AgentError.class, error -> {
      assertThat(error.code()).isEqualTo(code);
      assertThat(error.inReplyTo()).isEqualTo(inReplyTo);
    });
  }

  private static void assertStatus(ChatEvent event, String status) {
    assertThat(event).isInstanceOfSatisfying(AgentStatus.class, s -> assertThat(s.status()).isEqualTo(status));
  }

  @Test
  void shouldAskTheAgentOnceAndPublishItsReplyKeyedBySessionInReplyToTheQuestion() {
    PendingMessage question = ask("s-1", "What is my balance?");

    JsonNode frame = rig.agent.questions().get(0);
    assertThat(frame.get("id").asText()).isEqualTo(question.eventId().toString());
    assertThat(frame.get("type").asText()).isEqualTo("message");
    rig.agent.line("s-1").respond(question.eventId(), "It is 42.");

    assertThat(asked()).containsExactly("What is my balance?");
    assertThat(rig.sent()).singleElement().satisfies(record -> {
      assertThat(record.topic()).isEqualTo(Topics.CHAT_MESSAGES.name());
      assertThat(record.key()).as("keyed by session, so it lands beside the question").isEqualTo("s-1");
      assertThat(record.value()).isInstanceOfSatisfying(AgentReply.class, reply -> {
        assertThat(reply.inReplyTo()).isEqualTo(question.eventId());
        assertThat(reply.content()).isEqualTo("It is 42.");
        assertThat(reply.userId()).isEqualTo("user-s-1");
      });
    });
  }

  @Test
  void shouldFinishAMessageOnlyOnceKafkaHasAcknowledgedItsReply() {
    PendingMessage question = ask("s-1", "hello");
    rig.agent.line("s-1").respond(question.eventId(), "hi");

    assertThat(rig.tracker.advanced()).as("a crash now must read the question again").isEmpty();
    rig.acknowledgeAll();

    assertThat(rig.tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
  }

  @Test
  void shouldAskASessionsNextQuestionOnlyOnceThePreviousAnswerIsInTheLog() {
    PendingMessage first = ask("s-1", "first");
    ask("s-1", "second");
    assertThat(asked()).as("one question in flight per session").containsExactly("first");

    rig.agent.line("s-1").respond(first.eventId(), "one");
    assertThat(asked()).as("the answer is not acknowledged yet").containsExactly("first");
    rig.acknowledgeAll();

    assertThat(asked()).containsExactly("first", "second");
  }

  @Test
  void shouldPublishTheAgentsErrorFrameAsTheMessagesOutcome() {
    PendingMessage question = ask("s-1", "Transfer everything");

    rig.agent.line("s-1").refuse(question.eventId(), "I cannot do that here.");

    assertThat(rig.events()).singleElement().satisfies(event -> {
      assertError(event, Outcomes.AGENT_ERROR, question.eventId());
      assertThat(((AgentError) event).content()).isEqualTo("I cannot do that here.");
    });
  }

  @Test
  void shouldTellTheUserTheAgentTimedOutOnceTheReplyTimeoutHasPassed() {
    PendingMessage question = ask("s-1", "anyone there?");

    rig.advance(REPLY_TIMEOUT.minus(MS));
    assertThat(rig.events()).isEmpty();
    rig.advance(MS);

    assertThat(rig.events()).singleElement()
        .satisfies(event -> assertError(event, Outcomes.AGENT_TIMEOUT, question.eventId()));
    assertThat(rig.agent.line("s-1").discards).as("the silent connection is dropped").isEqualTo(1);
  }

  @Test
  void shouldNotTakeALateAnswerForTheAnswerToTheNextQuestion() {
    PendingMessage first = ask("s-1", "first");
    rig.advance(REPLY_TIMEOUT);
    rig.acknowledgeAll();
    PendingMessage second = ask("s-1", "second");
    StandInAgent.Line line = rig.agent.line("s-1");

    line.respond(first.eventId(), "late answer to the first");
    line.respond(second.eventId(), "answer to the second");

    assertThat(rig.events()).hasSize(2);
    assertThat(lastEvent()).isInstanceOfSatisfying(AgentReply.class, reply -> {
      assertThat(reply.inReplyTo()).isEqualTo(second.eventId());
      assertThat(reply.content()).isEqualTo("answer to the second");
    });
  }

  @Test
  void shouldRetryAnUnreachableAgentAfterEachBackoffThenFailTheMessageAsUnavailable() {
    rig.agent.unreachable = true;
    PendingMessage question = ask("s-1", "hello?");
    StandInAgent.Line line = rig.agent.line("s-1");
    assertThat(line.attempts).isEqualTo(1);
    assertThat(rig.events()).as("the user is told at the first failed attempt, not when the retries are spent")
        .singleElement().satisfies(event -> assertStatus(event, "unavailable"));

    rig.advance(Duration.ofMillis(999));
    assertThat(line.attempts).as("the first retry waits the base backoff").isEqualTo(1);
    rig.advance(MS);
    assertThat(line.attempts).isEqualTo(2);
    rig.advance(Duration.ofMillis(1999));
    assertThat(line.attempts).as("the second waits twice as long").isEqualTo(2);
    rig.advance(MS);
    assertThat(line.attempts).as("the first try and AGENT_RECONNECT_ATTEMPTS=2 retries").isEqualTo(3);

    assertThat(rig.events()).hasSize(2);
    assertError(lastEvent(), Outcomes.AGENT_UNAVAILABLE, question.eventId());
    rig.advance(Duration.ofMinutes(5));
    assertThat(line.attempts).isEqualTo(3);
  }

  @Test
  void shouldAskAgainWhenTheConnectionIsLostBeforeTheAnswer() {
    PendingMessage question = ask("s-1", "hello");
    StandInAgent.Line line = rig.agent.line("s-1");

    line.lose("closed by the agent with code 1011");
    rig.advance(Duration.ofSeconds(1));
    line.respond(question.eventId(), "hi");

    assertThat(asked()).containsExactly("hello", "hello");
    assertThat(rig.events()).hasSize(3);
    assertStatus(rig.events().get(0), "unavailable");
    assertStatus(rig.events().get(1), "available");
    assertThat(lastEvent()).isInstanceOf(AgentReply.class);
  }

  @Test
  void shouldHoldMessagesWhileTheBreakerIsOpenTellTheUserOnceAndAskWhenItLetsCallsThrough() {
    sessions.breakers().forEndpoint(rig.config.agentUrl()).transitionToOpenState();
    rig.advance(MS); // the breaker lets a probe through strictly after its open wait
    PendingMessage first = ask("s-1", "first");
    PendingMessage second = ask("s-1", "second");

    assertThat(asked()).isEmpty();
    assertThat(rig.events()).singleElement().satisfies(e -> assertStatus(e, Outcomes.STATUS_UNAVAILABLE));
    rig.acknowledgeAll();
    assertThat(rig.tracker.advanced()).as("waiting messages stay uncommitted").isEmpty();
    rig.advance(BREAKER_OPEN.minus(MS));
    assertThat(asked()).isEmpty();
    rig.advance(MS);
    assertThat(asked()).as("a probe once the breaker may let calls through").containsExactly("first");

    rig.agent.line("s-1").respond(first.eventId(), "one");
    rig.acknowledgeAll();
    rig.agent.line("s-1").respond(second.eventId(), "two");

    assertThat(rig.events()).hasSize(4);
    assertStatus(rig.events().get(2), Outcomes.STATUS_AVAILABLE);
    assertThat(lastEvent()).isInstanceOf(AgentReply.class);
  }

  @Test
  void shouldFailAMessageAsUnavailableOnceItHasWaitedTheGiveUpBound() {
    sessions.breakers().forEndpoint(rig.config.agentUrl()).transitionToForcedOpenState();
    PendingMessage question = ask("s-1", "anyone?");

    rig.advance(GIVE_UP.minus(MS));
    assertThat(rig.events()).singleElement().satisfies(e -> assertStatus(e, Outcomes.STATUS_UNAVAILABLE));
    rig.advance(MS);

    assertError(lastEvent(), Outcomes.AGENT_UNAVAILABLE, question.eventId());
    assertThat(asked()).isEmpty();
  }

  @Test
  void shouldRetryARetriableFailureToPublishTheReplyAndFinishTheMessageOnlyOnceWritten() {
    PendingMessage question = ask("s-1", "hello");
    rig.agent.line("s-1").respond(question.eventId(), "hi");

    rig.producer.errorNext(new NotLeaderOrFollowerException("leader moved"));
    rig.advance(Duration.ofMillis(999));
    assertThat(rig.sent()).hasSize(1);
    rig.advance(MS);

    assertThat(rig.events()).hasSize(2).extracting(ChatEvent::eventId).containsOnly(rig.events().get(0).eventId());
    assertThat(rig.tracker.advanced()).isEmpty();
    rig.acknowledgeAll();
    assertThat(rig.tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    assertThat(rig.fatal).isEmpty();
  }

  @Test
  void shouldReportAFatalPublishErrorAndLeaveTheMessageForTheNextStart() {
    PendingMessage question = ask("s-1", "hello");
    rig.agent.line("s-1").respond(question.eventId(), "hi");

    rig.producer.errorNext(new TopicAuthorizationException("Not authorized to access topics: [chat-messages]"));
    rig.advance(Duration.ofMinutes(1));

    assertThat(rig.fatal).singleElement().isInstanceOf(TopicAuthorizationException.class);
    assertThat(rig.sent()).as("nothing can be written: no retry").hasSize(1);
    assertThat(rig.tracker.advanced()).isEmpty();
  }

  @Test
  void shouldShowAgentStatusesLiveButNoFasterThanTheStatusRate() {
    ask("s-1", "hello");
    StandInAgent.Line line = rig.agent.line("s-1");

    for (int i = 0; i < 5; i++) {
      line.status("thinking");
    }
    assertThat(rig.events()).as("the burst of 3").hasSize(3);
    rig.advance(Duration.ofSeconds(1));
    line.status("thinking");

    assertThat(rig.events()).hasSize(4).allSatisfy(event -> assertStatus(event, "thinking"));
  }

  @Test
  void shouldCloseTheAgentConnectionOfASessionIdleForTheIdleTimeout() {
    PendingMessage question = ask("s-1", "hello");
    rig.agent.line("s-1").respond(question.eventId(), "hi");
    rig.acknowledgeAll();

    rig.advance(IDLE.minus(MS));
    assertThat(rig.agent.line("s-1").closedWith).isNull();
    assertThat(sessions.active()).isEqualTo(1);
    rig.advance(MS);

    assertThat(rig.agent.line("s-1").closedWith).isEqualTo("idle");
    assertThat(sessions.active()).isZero();
  }

  @Test
  void shouldCountTheMessagesOfADeletedSessionAsHandledWithoutAskingTheAgent() {
    ask("s-1", "first");
    ask("s-1", "second");

    sessions.delete("s-1");

    assertThat(rig.tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    assertThat(asked()).containsExactly("first");
    assertThat(rig.events()).isEmpty();
  }

  @Test
  void shouldLeaveTheMessagesOfAReleasedPartitionUnansweredForItsNextOwner() {
    PendingMessage question = ask("s-1", "hello");

    sessions.abandon(List.of(P0));
    rig.agent.line("s-1").respond(question.eventId(), "too late");

    assertThat(rig.events()).isEmpty();
    assertThat(rig.tracker.unfinished()).isEqualTo(1);
    assertThat(rig.agent.line("s-1").discards).isEqualTo(1);
  }
}
