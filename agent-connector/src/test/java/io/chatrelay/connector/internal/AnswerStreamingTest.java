package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.Topics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamed answers, stops and take-overs, as session workers handle them, on a manual clock. */
class AnswerStreamingTest {

  private static final TopicPartition P0 = new TopicPartition(Topics.CHAT_MESSAGES.name(), 0);
  private static final Duration WINDOW = Duration.ofMillis(40);
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

  private final ConnectorRig rig = new ConnectorRig(Map.of("AGENT_REPLY_TIMEOUT_MS", "10000",
      "AGENT_STREAM_WINDOW_MS", "40", "AGENT_RECONNECT_ATTEMPTS", "2"));
  private final Sessions sessions = new Sessions(rig.ctx);
  private long offset;

  @BeforeEach
  void assign() {
    rig.tracker.assign(P0);
  }

  private PendingMessage ask(String content) {
    return ask(content, LogPrior.NONE);
  }

  private PendingMessage ask(String content, LogPrior prior) {
    PendingMessage message = rig.message("s-1", content, rig.tracker.track(P0, offset++)).withPrior(prior);
    sessions.submit(message);
    return message;
  }

  private StandInAgent.Line line() {
    return rig.agent.line("s-1");
  }

  private List<AgentReplyChunk> chunks() {
    return rig.events().stream().filter(AgentReplyChunk.class::isInstance).map(AgentReplyChunk.class::cast)
        .toList();
  }

  private AgentReply reply() {
    List<ChatEvent> events = rig.events();
    assertThat(events.get(events.size() - 1)).isInstanceOf(AgentReply.class);
    return (AgentReply) events.get(events.size() - 1);
  }

  @Test
  void shouldGatherTheDeltasOfOneWindowIntoOneChunkInOrder() {
    PendingMessage question = ask("Tell me about fees");
    rig.advance(Duration.ofMillis(300));

    line().delta(question.eventId(), 0, "Fees ");
    line().delta(question.eventId(), 1, "are ");
    rig.advance(WINDOW.minusMillis(1));
    assertThat(chunks()).as("the window is still open").isEmpty();
    rig.advance(Duration.ofMillis(1));
    line().delta(question.eventId(), 2, "low.");
    rig.advance(WINDOW);

    assertThat(chunks()).extracting(AgentReplyChunk::index, AgentReplyChunk::content)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "Fees are "),
            org.assertj.core.groups.Tuple.tuple(1, "low."));
    assertThat(chunks()).allSatisfy(chunk -> assertThat(chunk.inReplyTo()).isEqualTo(question.eventId()));
    assertThat(rig.sent()).allSatisfy(record -> assertThat(record.key()).isEqualTo("s-1"));
  }

  @Test
  void shouldEndWithTheWholeAnswerAndHowItStreamed() {
    PendingMessage question = ask("Tell me about fees");
    rig.advance(Duration.ofMillis(250));
    line().delta(question.eventId(), 0, "Fees ");
    line().delta(question.eventId(), 0, "Fees ");
    rig.advance(Duration.ofMillis(500));
    line().delta(question.eventId(), 1, "are low.");
    rig.advance(Duration.ofMillis(500));

    line().respond(question.eventId(), "Fees are low.");

    AgentReply reply = reply();
    assertThat(reply.content()).isEqualTo("Fees are low.");
    assertThat(reply.finish()).isNull();
    assertThat(reply.stream()).as("the repeated delta counts once").isEqualTo(new StreamStats(2, 2, 250, 1000));
  }

  @Test
  void shouldWriteWhatIsGatheredBeforeTheReplyThatEndsTheAnswer() {
    PendingMessage question = ask("Tell me about fees");
    line().delta(question.eventId(), 0, "Fees ");
    rig.advance(WINDOW);
    line().delta(question.eventId(), 1, "are low.");

    line().respond(question.eventId(), "Fees are low.");

    List<ChatEvent> events = rig.events();
    assertThat(events).hasSize(3);
    assertThat(chunks()).extracting(AgentReplyChunk::content).containsExactly("Fees ", "are low.");
    assertThat(events.get(2)).as("the end comes last").isInstanceOf(AgentReply.class);
    rig.advance(WINDOW);
    assertThat(rig.events()).as("no chunk after the end").hasSize(3);
  }

  @Test
  void shouldKeepAStreamingAnswerAliveAsLongAsDeltasKeepComing() {
    PendingMessage question = ask("/stream 500");
    for (int i = 0; i < 5; i++) {
      rig.advance(REPLY_TIMEOUT.minusSeconds(1));
      line().delta(question.eventId(), i, "word ");
    }
    rig.advance(REPLY_TIMEOUT.minusSeconds(1));
    line().respond(question.eventId(), "word word word word word ");

    assertThat(reply().finish()).as("40 s in all, never 10 s silent").isNull();
  }

  @Test
  void shouldJudgeAStreamingAgentsSpeedByItsFirstTokenNotByTheLengthOfItsAnswers() {
    // Ten answers of 30 s each, all far above the 5 s slow-call threshold, each starting within 100 ms.
    for (int i = 0; i < 10; i++) {
      PendingMessage question = ask("long answer " + i);
      rig.advance(Duration.ofMillis(100));
      for (int token = 0; token < 6; token++) {
        line().delta(question.eventId(), token, "word ");
        rig.advance(Duration.ofSeconds(5));
      }
      line().respond(question.eventId(), "word word word word word word ");
      rig.acknowledgeAll();
    }

    assertThat(sessions.breakers().states().values()).as("a healthy agent writing long answers")
        .containsExactly(CircuitBreaker.State.CLOSED);
    PendingMessage next = ask("and one more");
    assertThat(rig.agent.questions()).as("asked at once").hasSize(11);
    assertThat(next.failures()).isZero();
  }

  @Test
  void shouldEndAsInterruptedWithTheTextSoFarWhenTheAgentFallsSilentMidAnswer() {
    PendingMessage question = ask("Tell me everything");
    line().delta(question.eventId(), 0, "First, ");
    rig.advance(REPLY_TIMEOUT);

    AgentReply reply = reply();
    assertThat(reply.finish()).isEqualTo(AgentReply.FINISH_INTERRUPTED);
    assertThat(reply.content()).isEqualTo("First, ");
    assertThat(reply.inReplyTo()).isEqualTo(question.eventId());
  }

  @Test
  void shouldNeverAskAgainOnceAChunkIsInTheLogBecauseTheTextWouldShowTwice() {
    PendingMessage question = ask("Tell me everything");
    line().delta(question.eventId(), 0, "First, ");
    rig.advance(WINDOW);
    rig.acknowledgeAll();

    line().lose("connection reset");
    rig.advance(Duration.ofMinutes(1));
    rig.acknowledgeAll();

    assertThat(rig.agent.questions()).hasSize(1);
    assertThat(reply().finish()).isEqualTo(AgentReply.FINISH_INTERRUPTED);
    assertThat(reply().content()).isEqualTo("First, ");
  }

  @Test
  void shouldAskAgainWhenTheLinkIsLostBeforeAnyChunkWasWritten() {
    PendingMessage question = ask("Tell me everything");
    line().delta(question.eventId(), 0, "First, ");
    line().lose("connection reset");
    rig.advance(Duration.ofSeconds(2));

    assertThat(rig.agent.questions()).hasSize(2);
    assertThat(chunks()).isEmpty();
    line().respond(question.eventId(), "All of it.");
    assertThat(reply().content()).isEqualTo("All of it.");
  }

  @Test
  void shouldTellTheAgentToStopAndEndTheAnswerAsCancelledKeepingItsText() {
    PendingMessage question = ask("Tell me everything");
    PendingMessage next = ask("And then?");
    line().delta(question.eventId(), 0, "First, ");
    rig.advance(WINDOW);
    line().delta(question.eventId(), 1, "second, ");

    sessions.cancel("s-1", question.eventId());
    line().delta(question.eventId(), 2, "third");
    line().respond(question.eventId(), "First, second, third");

    assertThat(line().cancels).singleElement().satisfies(frame -> {
      assertThat(frame.get("type").asText()).isEqualTo("cancel");
      assertThat(frame.get("inReplyTo").asText()).isEqualTo(question.eventId().toString());
    });
    assertThat(line().discards).as("a late answer must not be taken for the next").isEqualTo(1);
    AgentReply reply = reply();
    assertThat(reply.finish()).isEqualTo(AgentReply.FINISH_CANCELLED);
    assertThat(reply.content()).isEqualTo("First, second, ");
    assertThat(chunks()).as("what was gathered is written before the end").extracting(AgentReplyChunk::content)
        .containsExactly("First, ", "second, ");
    assertThat(rig.events().stream().filter(AgentReply.class::isInstance)).hasSize(1);

    rig.acknowledgeAll();
    assertThat(rig.agent.questions()).extracting(q -> q.get("content").asText())
        .containsExactly("Tell me everything", "And then?");
    line().respond(next.eventId(), "Then nothing.");
    assertThat(reply().content()).isEqualTo("Then nothing.");
  }

  @Test
  void shouldGiveBackTheBreakersPermissionOfACallStoppedBeforeItWasAnswered() {
    CircuitBreaker breaker = sessions.breakers().forEndpoint(rig.config.agentUrl());
    breaker.transitionToOpenState();
    breaker.transitionToHalfOpenState(); // two probe calls allowed
    for (String session : List.of("s-a", "s-b")) {
      PendingMessage probe = rig.message(session, "probe", rig.tracker.track(P0, offset++));
      sessions.submit(probe);
      sessions.cancel(session, probe.eventId());
      rig.acknowledgeAll();
    }

    PendingMessage next = rig.message("s-c", "still there?", rig.tracker.track(P0, offset++));
    sessions.submit(next);

    assertThat(rig.agent.line("s-c").questions).as("the stopped probes left their permissions behind").hasSize(1);
  }

  @Test
  void shouldEndAWaitingMessageAsCancelledWithoutAskingTheAgent() {
    PendingMessage first = ask("first");
    PendingMessage second = ask("second");

    sessions.cancel("s-1", second.eventId());
    line().respond(first.eventId(), "one");
    rig.acknowledgeAll();

    assertThat(rig.agent.questions()).hasSize(1);
    assertThat(reply().inReplyTo()).isEqualTo(second.eventId());
    assertThat(reply().finish()).isEqualTo(AgentReply.FINISH_CANCELLED);
    assertThat(reply().content()).isEmpty();
    rig.acknowledgeAll();
    assertThat(rig.tracker.advanced().get(P0).offset()).isEqualTo(2);
  }

  @Test
  void shouldIgnoreACancelForAnAnswerThatHasEnded() {
    PendingMessage question = ask("hello");
    line().respond(question.eventId(), "hi");
    rig.acknowledgeAll();

    sessions.cancel("s-1", question.eventId());
    rig.advance(Duration.ofSeconds(1));

    assertThat(rig.events()).hasSize(1);
    assertThat(line().cancels).isEmpty();
  }

  @Test
  void shouldEndAMessageBegunByTheConnectorBeforeAsInterruptedWithoutAskingAgain() {
    PendingMessage question = ask("Tell me everything", new LogPrior("First, second, ", 2, false));

    assertThat(rig.agent.questions()).isEmpty();
    assertThat(reply().inReplyTo()).isEqualTo(question.eventId());
    assertThat(reply().finish()).isEqualTo(AgentReply.FINISH_INTERRUPTED);
    assertThat(reply().content()).isEqualTo("First, second, ");
  }

  @Test
  void shouldEndAMessageCancelledInTheLogBeforeThisConnectorReadItAsCancelled() {
    ask("Never mind", new LogPrior("", 0, true));

    assertThat(rig.agent.questions()).isEmpty();
    assertThat(reply().finish()).isEqualTo(AgentReply.FINISH_CANCELLED);
  }

  @Test
  void shouldDropADeltaForAnotherMessage() {
    PendingMessage question = ask("hello");
    line().delta(java.util.UUID.randomUUID(), 0, "stray ");
    rig.advance(WINDOW);

    assertThat(chunks()).isEmpty();
    line().respond(question.eventId(), "hi");
    assertThat(reply().stream()).isNull();
  }
}
