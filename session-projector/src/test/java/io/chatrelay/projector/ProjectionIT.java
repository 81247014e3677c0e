package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.views.MessageView;
import io.chatrelay.views.ViewKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.resps.Tuple;

@ExtendWith({RelayInfraExtension.class, ProjectorFixture.PerTest.class})
class ProjectionIT {

  private final TestEvents events = new TestEvents();
  private ProjectorFixture fixture;
  private SessionProjector projector;
  private ViewKeys keys;
  private String prefix;

  @BeforeEach
  void start(ProjectorFixture fixture) {
    this.fixture = fixture;
    prefix = fixture.infra.uniqueName("views") + ":";
    keys = new ViewKeys(prefix);
    projector = fixture.start(prefix, fixture.infra.uniqueName("projector"));
  }

  @AfterEach
  void stop() {
    projector.close();
  }

  @Test
  void shouldApplyAgainSoonAfterARestartWithinTheOldMembersSessionTimeout(RelayInfra infra) {
    String session = infra.uniqueName("restart");
    fixture.positions(prefix).awaitApplied(fixture.log.send(events.created(session, "erin")));
    String applicationId = infra.uniqueName("restarted");
    projector.close();
    projector = fixture.start(prefix, applicationId);
    fixture.positions(prefix).awaitApplied(fixture.log.send(events.message(session, "erin", "before the restart")));
    projector.close();

    projector = fixture.start(prefix, applicationId);
    RecordMetadata after = fixture.log.send(events.message(session, "erin", "after the restart"));

    // A member that did not leave the group keeps its partitions until its session times out (45 s).
    fixture.positions(prefix).awaitApplied(after, Duration.ofSeconds(20));
  }

  @Test
  void shouldWriteAnEventThatArrivesRightAfterAFlushWithinTheFlushIntervalNotAtTheNextCommit(RelayInfra infra) {
    projector.close();
    Map<String, String> env = fixture.env(prefix, infra.uniqueName("trailing"));
    env.put("PROJECTOR_FLUSH_INTERVAL_MS", "2000");
    env.put("PROJECTOR_COMMIT_INTERVAL_MS", "600000");
    projector = new SessionProjector(ProjectorConfig.fromEnv(env));
    String session = infra.uniqueName("trailing");
    fixture.positions(prefix).awaitApplied(fixture.log.send(events.created(session, "frank")));

    // Sent well within 2 s of that flush: the store keeps it for the next flush, which only the flush timer (not
    // another event, not a commit ten minutes away) can bring within the 30 s this waits.
    fixture.positions(prefix).awaitApplied(fixture.log.send(events.message(session, "frank", "the last word")));

    assertThat(fixture.redis.zcard(keys.messages(session))).isEqualTo(1);
  }

  @Test
  void shouldProjectSessionMessagesAndReplyIntoViews() {
    String session = UUID.randomUUID().toString();
    String user = "user-" + UUID.randomUUID();
    SessionCreated created = events.created(session, user);
    UserMessage first = events.message(session, user, "What is my balance?");
    UserMessage second = events.message(session, user, "And my overdraft?");
    AgentReply answer = events.reply(first, "It is 42.");
    RecordMetadata createdAt = fixture.log.send(created);
    RecordMetadata firstAt = fixture.log.send(first);
    RecordMetadata secondAt = fixture.log.send(second);
    RecordMetadata answerAt = fixture.log.send(answer);

    fixture.positions(prefix).awaitApplied(answerAt);

    Map<String, String> hash = fixture.redis.hgetAll(keys.session(session));
    assertThat(hash).containsOnly(
        Map.entry("id", session), Map.entry("userId", user),
        Map.entry("createdAt", created.occurredAt().toString()),
        Map.entry("updatedAt", answer.occurredAt().toString()),
        Map.entry("status", "active"), Map.entry("agentType", "BankRep"), Map.entry("messageCount", "3"),
        Map.entry("lastActivity", answer.occurredAt().toString()),
        Map.entry("lastSeq", Long.toString(answerAt.offset())),
        Map.entry("partition", Integer.toString(createdAt.partition())),
        Map.entry("firstSeq", Long.toString(createdAt.offset())));

    List<Tuple> messages = fixture.redis.zrangeWithScores(keys.messages(session), 0, -1);
    assertThat(messages).extracting(Tuple::getScore)
        .containsExactly((double) firstAt.offset(), (double) secondAt.offset(), (double) answerAt.offset());
    List<MessageView> views = messages.stream().map(t -> MessageView.fromJson(t.getElement())).toList();
    assertThat(views.get(0)).isEqualTo(new MessageView(first.eventId().toString(), session, "What is my balance?",
        "user", first.occurredAt(), "sent", firstAt.offset(), Map.of("source", "it")));
    assertThat(views.get(1).content()).isEqualTo("And my overdraft?");
    assertThat(views.get(2)).isEqualTo(new MessageView(answer.eventId().toString(), session, "It is 42.",
        "assistant", answer.occurredAt(), "delivered", answerAt.offset(), Map.of("agentType", "BankRep",
        "confidence", 0.75, "processingTime", 42, "inReplyTo", first.eventId().toString())));

    assertThat(fixture.redis.zscore(keys.userSessions(user), session))
        .isEqualTo((double) answer.occurredAt().toEpochMilli());
    assertThat(Long.parseLong(fixture.redis.hget(keys.positions(), Integer.toString(answerAt.partition()))))
        .isGreaterThan(answerAt.offset());
  }

  @Test
  void shouldShowOnlyTheFirstAnswerToAUserMessage() {
    String session = UUID.randomUUID().toString();
    String user = "user-" + UUID.randomUUID();
    fixture.log.send(events.created(session, user));
    UserMessage question = events.message(session, user, "Hello?");
    fixture.log.send(question);
    AgentReply firstReply = events.reply(question, "Hi, first.");
    fixture.log.send(firstReply);
    fixture.log.send(events.reply(question, "Hi, second."));
    RecordMetadata last = fixture.log.send(new AgentError(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, session, user,
        events.nextInstant(), question.eventId(), "agent_timeout", "Too late.", AgentType.BankRep));

    fixture.positions(prefix).awaitApplied(last);

    assertThat(fixture.redis.zrange(keys.messages(session), 0, -1))
        .extracting(json -> MessageView.fromJson(json).content())
        .containsExactly("Hello?", "Hi, first.");
    assertThat(fixture.redis.hget(keys.session(session), "messageCount")).isEqualTo("2");
    assertThat(fixture.redis.hget(keys.session(session), "lastSeq")).isEqualTo(Long.toString(last.offset()));
  }

  @Test
  void shouldKeepStatusOutOfHistoryAndIgnoreEventsOfUnknownSessions() {
    String session = UUID.randomUUID().toString();
    String user = "user-" + UUID.randomUUID();
    String stranger = UUID.randomUUID().toString();
    fixture.log.send(events.created(session, user));
    fixture.log.send(events.message(stranger, user, "nobody opened this session"));
    RecordMetadata status = fixture.log.send(new AgentStatus(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, session,
        user, events.nextInstant(), "thinking", null, AgentType.BankRep));
    RecordMetadata stray = fixture.log.send(events.message(stranger, user, "still nobody"));

    fixture.positions(prefix).awaitApplied(status);
    fixture.positions(prefix).awaitApplied(stray);

    assertThat(fixture.redis.exists(keys.messages(session))).isFalse();
    assertThat(fixture.redis.hget(keys.session(session), "messageCount")).isEqualTo("0");
    assertThat(fixture.redis.hget(keys.session(session), "lastSeq")).isEqualTo(Long.toString(status.offset()));
    assertThat(fixture.redis.exists(keys.session(stranger))).isFalse();
    assertThat(fixture.redis.exists(keys.messages(stranger))).isFalse();
    assertThat(fixture.redis.zrange(keys.userSessions(user), 0, -1)).containsExactly(session);
  }

  @Test
  void shouldApplyGoodEventsAroundARecordThatIsNotAnEvent() {
    String session = UUID.randomUUID().toString();
    String user = "user-" + UUID.randomUUID();
    fixture.log.send(events.created(session, user));
    RecordMetadata poison = fixture.log.sendRaw(session, "{not json at all".getBytes(StandardCharsets.UTF_8));
    RecordMetadata empty = fixture.log.sendRaw(session, null);
    RecordMetadata after = fixture.log.send(events.message(session, user, "after the poison"));

    fixture.positions(prefix).awaitApplied(after);

    assertThat(poison.partition()).isEqualTo(after.partition());
    assertThat(empty.offset()).isLessThan(after.offset());
    assertThat(fixture.redis.zrange(keys.messages(session), 0, -1))
        .extracting(json -> MessageView.fromJson(json).content())
        .containsExactly("after the poison");
    assertThat(projector.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }
}
