package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
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

@ExtendWith(RelayInfraExtension.class)
class ProjectionIT {

  private ProjectorFixture fixture;
  private SessionProjector projector;
  private ViewKeys keys;
  private String prefix;

  @BeforeEach
  void start(RelayInfra infra) {
    fixture = new ProjectorFixture(infra);
    prefix = infra.uniqueName("views") + ":";
    keys = new ViewKeys(prefix);
    projector = fixture.start(prefix, infra.uniqueName("projector"));
  }

  @AfterEach
  void stop() {
    projector.close();
    fixture.close();
  }

  @Test
  void shouldApplyAgainSoonAfterARestartWithinTheOldMembersSessionTimeout(RelayInfra infra) {
    String session = infra.uniqueName("restart");
    fixture.awaitApplied(prefix, fixture.send(fixture.created(session, "erin")));
    String applicationId = infra.uniqueName("restarted");
    projector.close();
    projector = fixture.start(prefix, applicationId);
    fixture.awaitApplied(prefix, fixture.send(fixture.message(session, "erin", "before the restart")));
    projector.close();

    projector = fixture.start(prefix, applicationId);
    RecordMetadata after = fixture.send(fixture.message(session, "erin", "after the restart"));

    // A member that did not leave the group keeps its partitions until its session times out (45 s).
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      String next = fixture.redis.hget(prefix + "positions", Integer.toString(after.partition()));
      return next != null && Long.parseLong(next) > after.offset();
    });
  }

  @Test
  void shouldWriteAnEventThatArrivesRightAfterAFlushWithinTheFlushIntervalNotAtTheNextCommit(RelayInfra infra) {
    projector.close();
    Map<String, String> env = fixture.env(prefix, infra.uniqueName("trailing"));
    env.put("PROJECTOR_FLUSH_INTERVAL_MS", "2000");
    env.put("PROJECTOR_COMMIT_INTERVAL_MS", "600000");
    projector = new SessionProjector(ProjectorConfig.fromEnv(env));
    String session = infra.uniqueName("trailing");
    fixture.awaitApplied(prefix, fixture.send(fixture.created(session, "frank")));

    // Sent well within 2 s of that flush: the store keeps it for the next flush, which only the flush timer (not
    // another event, not a commit ten minutes away) can bring within the 30 s this waits.
    fixture.awaitApplied(prefix, fixture.send(fixture.message(session, "frank", "the last word")));

    assertThat(fixture.redis.zcard(keys.messages(session))).isEqualTo(1);
  }

  @Test
  void shouldProjectSessionMessagesAndReplyIntoViews() {
    String session = UUID.randomUUID().toString();
    String user = "user-" + UUID.randomUUID();
    SessionCreated created = fixture.created(session, user);
    UserMessage first = fixture.message(session, user, "What is my balance?");
    UserMessage second = fixture.message(session, user, "And my overdraft?");
    AgentReply answer = fixture.reply(first, "It is 42.");
    RecordMetadata createdAt = fixture.send(created);
    RecordMetadata firstAt = fixture.send(first);
    RecordMetadata secondAt = fixture.send(second);
    RecordMetadata answerAt = fixture.send(answer);

    fixture.awaitApplied(prefix, answerAt);

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
    fixture.send(fixture.created(session, user));
    UserMessage question = fixture.message(session, user, "Hello?");
    fixture.send(question);
    AgentReply firstReply = fixture.reply(question, "Hi, first.");
    fixture.send(firstReply);
    fixture.send(fixture.reply(question, "Hi, second."));
    RecordMetadata last = fixture.send(new AgentError(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, session, user,
        fixture.nextInstant(), question.eventId(), "agent_timeout", "Too late.", AgentType.BankRep));

    fixture.awaitApplied(prefix, last);

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
    fixture.send(fixture.created(session, user));
    fixture.send(fixture.message(stranger, user, "nobody opened this session"));
    RecordMetadata status = fixture.send(new AgentStatus(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, session,
        user, fixture.nextInstant(), "thinking", null, AgentType.BankRep));
    RecordMetadata stray = fixture.send(fixture.message(stranger, user, "still nobody"));

    fixture.awaitApplied(prefix, status);
    fixture.awaitApplied(prefix, stray);

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
    fixture.send(fixture.created(session, user));
    RecordMetadata poison = fixture.sendRaw(session, "{not json at all".getBytes(StandardCharsets.UTF_8));
    RecordMetadata empty = fixture.sendRaw(session, null);
    RecordMetadata after = fixture.send(fixture.message(session, user, "after the poison"));

    fixture.awaitApplied(prefix, after);

    assertThat(poison.partition()).isEqualTo(after.partition());
    assertThat(empty.offset()).isLessThan(after.offset());
    assertThat(fixture.redis.zrange(keys.messages(session), 0, -1))
        .extracting(json -> MessageView.fromJson(json).content())
        .containsExactly("after the poison");
    assertThat(projector.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }
}
