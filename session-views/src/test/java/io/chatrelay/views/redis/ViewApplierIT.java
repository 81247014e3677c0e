package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.AnswerInProgress;
import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** The applier against a real Redis, without Kafka: the same code path a rebuild into a fresh prefix uses. */
@ExtendWith(RelayInfraExtension.class)
class ViewApplierIT {

  private static final Instant AT = Instant.parse("2025-05-05T12:00:00Z");

  private RelayInfra infra;
  private RedisClient redis;
  private final List<ViewApplier> appliers = new ArrayList<>();

  @BeforeEach
  void connect(RelayInfra infra) {
    this.infra = infra;
    redis = RedisClient.create(URI.create(infra.redisUrl()));
  }

  @AfterEach
  void disconnect() {
    appliers.forEach(ViewApplier::close);
    redis.close();
  }

  private ViewApplier applier() {
    ViewApplier applier = new ViewApplier(infra.redisUrl(), new ViewKeys(infra.uniqueName("views") + ":"));
    appliers.add(applier);
    return applier;
  }

  private static List<LoggedEvent> conversation(String session, String user) {
    return List.of(
        LoggedEvent.of(SessionCreated.of(session, user, AT, new SessionMetadata(AgentType.TradeBodyRep, null, null)),
            1, 100),
        LoggedEvent.of(UserMessage.of(session, user, AT.plusSeconds(1), "c1", "one", Map.of("k", "v")), 1, 101),
        LoggedEvent.unreadable(1, 102),
        LoggedEvent.of(UserMessage.of(session, user, AT.plusSeconds(2), "c2", "two", Map.of()), 1, 103));
  }

  @Test
  void shouldLetAColdSessionLeaveRedisWholeOneTimeToLiveAfterItsLastEvent() {
    Instant now = Instant.now();
    SessionExpiry expiry = new SessionExpiry(Duration.ofHours(1), Clock.systemUTC());
    ViewKeys keys = new ViewKeys(infra.uniqueName("ttl") + ":");
    String warm = UUID.randomUUID().toString();
    String cold = UUID.randomUUID().toString();
    UUID question = UUID.randomUUID();
    try (ViewApplier applier = new ViewApplier(infra.redisUrl(), keys, expiry)) {
      BatchResult result = applier.apply(List.of(
          LoggedEvent.of(SessionCreated.of(warm, "u", now.minusSeconds(600), new SessionMetadata(AgentType.BankRep,
              null, null)), 0, 0),
          LoggedEvent.of(new UserMessage(question, 1, warm, "u", now.minusSeconds(300), null, "hi", Map.of()), 0, 1),
          LoggedEvent.of(new AgentReplyChunk(UUID.randomUUID(), 1, warm, "u", now.minusSeconds(299), question, 0,
              "Hel", AgentType.BankRep), 0, 2),
          LoggedEvent.of(SessionCreated.of(cold, "u", now.minus(Duration.ofHours(2)),
              new SessionMetadata(AgentType.BankRep, null, null)), 0, 3)));

      assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED,
          Outcome.EXPIRED);
      // Every key of the session leaves together, one hour after the session's last event (not after the write).
      for (String key : List.of(keys.session(warm), keys.messages(warm), keys.answer(warm))) {
        assertThat(redis.pttl(key)).as(key).isBetween(Duration.ofMinutes(55).toMillis(),
            Duration.ofMinutes(55).plusSeconds(2).toMillis());
      }
      assertThat(redis.exists(keys.session(cold))).as("an event older than the time to live is not applied")
          .isFalse();
      assertThat(redis.hget(keys.positions(), "0")).isEqualTo("4");
      assertThat(redis.pttl(keys.userSessions("u"))).as("the index outlives the sessions it lists").isEqualTo(-1);

      // The edge brings a cold session back from the log on demand: then it stays a whole time to live from now.
      applier.applyOutOfBand(List.of(LoggedEvent.of(SessionCreated.of(cold, "u", now.minus(Duration.ofHours(2)),
          new SessionMetadata(AgentType.BankRep, null, null)), 0, 3)));
      assertThat(redis.pttl(keys.session(cold))).isGreaterThan(Duration.ofMinutes(59).toMillis());
    }
    try (ViewApplier keeping = new ViewApplier(infra.redisUrl(), keys)) {
      String kept = UUID.randomUUID().toString();
      keeping.apply(List.of(LoggedEvent.of(SessionCreated.of(kept, "u", now.minus(Duration.ofDays(400)),
          new SessionMetadata(AgentType.BankRep, null, null)), 1, 0)));
      assertThat(redis.pttl(keys.session(kept))).as("without a time to live, sessions stay").isEqualTo(-1);
    }
  }

  @Test
  void shouldChangeNothingWhenTheSameBatchIsAppliedTwice() {
    ViewApplier applier = applier();
    List<LoggedEvent> batch = conversation(UUID.randomUUID().toString(), "u-" + UUID.randomUUID());
    assertThat(applier.apply(batch).outcomes())
        .containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.UNREADABLE, Outcome.APPLIED);
    Map<String, String> once = ViewSnapshot.of(redis, applier.keys().prefix());

    BatchResult again = applier.apply(batch);

    assertThat(again.outcomes())
        .containsExactly(Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.UNREADABLE, Outcome.DUPLICATE);
    assertThat(again.positions()).isEqualTo(Map.of(1, 104L));
    assertThat(ViewSnapshot.of(redis, applier.keys().prefix())).isEqualTo(once);
  }

  @Test
  void shouldWriteIdenticalViewsIntoAFreshPrefix() {
    List<LoggedEvent> batch = conversation(UUID.randomUUID().toString(), "u-" + UUID.randomUUID());
    ViewApplier live = applier();
    ViewApplier rebuild = applier();

    live.apply(batch);
    rebuild.apply(batch.subList(0, 2));
    rebuild.apply(batch.subList(2, 4));

    assertThat(ViewSnapshot.of(redis, rebuild.keys().prefix()))
        .hasSize(4)
        .isEqualTo(ViewSnapshot.of(redis, live.keys().prefix()));
  }

  @Test
  void shouldReloadScriptsWhenRedisForgotThem() {
    ViewApplier applier = applier();
    String session = UUID.randomUUID().toString();
    redis.scriptFlush();

    BatchResult result = applier.apply(conversation(session, "u-1").subList(0, 2));

    assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.APPLIED);
    assertThat(redis.zcard(applier.keys().messages(session))).isEqualTo(1);
  }

  @Test
  void shouldIgnoreEventsThatDoNotFitTheSession() {
    ViewApplier applier = applier();
    String session = UUID.randomUUID().toString();
    applier.apply(conversation(session, "owner").subList(0, 1));
    Map<String, String> before = ViewSnapshot.of(redis, applier.keys().prefix());

    BatchResult result = applier.apply(List.of(
        LoggedEvent.of(UserMessage.of(session, "intruder", AT, null, "mine now", Map.of()), 1, 200),
        LoggedEvent.of(UserMessage.of(session, "owner", AT, null, "other partition", Map.of()), 4, 201),
        LoggedEvent.of(SessionCreated.of(session, "owner", AT, new SessionMetadata(AgentType.BankRep, null, null)),
            1, 202)));

    assertThat(result.outcomes())
        .containsExactly(Outcome.FOREIGN_USER, Outcome.OTHER_PARTITION, Outcome.SESSION_EXISTS);
    Map<String, String> after = ViewSnapshot.of(redis, applier.keys().prefix());
    after.remove("{views}positions");
    before.remove("{views}positions");
    assertThat(after).isEqualTo(before);
  }

  @Test
  void shouldNeverMoveAPositionBackwards() {
    ViewApplier applier = applier();

    applier.apply(List.of(LoggedEvent.unreadable(0, 50)));
    applier.apply(List.of(LoggedEvent.unreadable(0, 20), LoggedEvent.unreadable(2, 7)));

    assertThat(redis.hgetAll(applier.keys().positions())).isEqualTo(Map.of("0", "51", "2", "8"));
  }

  @Test
  void shouldKeepOnlyTheTombstoneOfADeletedSession() {
    ViewApplier applier = applier();
    String session = UUID.randomUUID().toString();
    List<LoggedEvent> log = new ArrayList<>(conversation(session, "owner"));
    ChatEvent deleted = SessionDeleted.of(session, "owner", AT.plusSeconds(9));
    log.add(LoggedEvent.of(deleted, 1, 110));
    log.add(LoggedEvent.of(UserMessage.of(session, "owner", AT.plusSeconds(10), null, "late", Map.of()), 1, 111));

    BatchResult result = applier.apply(log);

    assertThat(result.outcomes().subList(4, 6)).containsExactly(Outcome.APPLIED, Outcome.DELETED_SESSION);
    assertThat(ViewSnapshot.of(redis, applier.keys().prefix())).containsOnlyKeys("session:{" + session + "}",
        "{views}positions");
    assertThat(redis.hgetAll(applier.keys().session(session)))
        .isEqualTo(Map.of("status", "deleted", "userId", "owner", "lastSeq", "110", "partition", "1"));
  }

  @Test
  void shouldBuildTheAnswerBeingStreamedAndHandItToTheHistoryWhenItEnds() {
    ViewApplier applier = applier();
    String session = UUID.randomUUID().toString();
    List<LoggedEvent> log = new ArrayList<>(conversation(session, "owner"));
    UUID question = log.get(3).event().eventId();
    log.add(LoggedEvent.of(chunk(session, question, 0, "Two "), 1, 104));
    log.add(LoggedEvent.of(chunk(session, question, 1, "is "), 1, 105));
    log.add(LoggedEvent.of(chunk(session, question, 1, "is "), 1, 106));
    log.add(LoggedEvent.of(chunk(session, question, 0, "Two "), 1, 107));
    log.add(LoggedEvent.of(chunk(session, question, 3, "late"), 1, 108));
    log.add(LoggedEvent.of(chunk(session, question, 2, "ëven"), 1, 109));

    BatchResult streamed = applier.apply(log);

    assertThat(streamed.outcomes().subList(4, 10)).containsExactly(Outcome.APPLIED, Outcome.APPLIED,
        Outcome.STRAY_CHUNK, Outcome.STRAY_CHUNK, Outcome.STRAY_CHUNK, Outcome.APPLIED);
    AnswerInProgress answer = AnswerInProgress.fromHash(redis.hgetAll(applier.keys().answer(session)))
        .orElseThrow();
    assertThat(answer.text()).isEqualTo("Two is ëven");
    assertThat(answer.inReplyTo()).isEqualTo(question.toString());
    assertThat(answer.lastSeq()).isEqualTo(109);
    assertThat(answer.textAfter(104)).isEqualTo("is ëven");
    assertThat(redis.zcard(applier.keys().messages(session))).isEqualTo(2);

    BatchResult ended = applier.apply(List.of(
        LoggedEvent.of(new AgentReply(UUID.randomUUID(), 1, session, "owner", AT, question, null, "Two is even.",
            null), 1, 110),
        LoggedEvent.of(chunk(session, question, 3, " more"), 1, 111)));

    assertThat(ended.outcomes()).containsExactly(Outcome.APPLIED, Outcome.ALREADY_REPLIED);
    assertThat(redis.exists(applier.keys().answer(session))).isFalse();
    assertThat(redis.zrangeByScore(applier.keys().messages(session), 110, 110).get(0)).contains("Two is even.");
  }

  @Test
  void shouldForgetTheAnswerBeingStreamedWithItsSession() {
    ViewApplier applier = applier();
    String session = UUID.randomUUID().toString();
    List<LoggedEvent> log = new ArrayList<>(conversation(session, "owner"));
    log.add(LoggedEvent.of(chunk(session, log.get(3).event().eventId(), 0, "Half"), 1, 104));
    log.add(LoggedEvent.of(SessionDeleted.of(session, "owner", AT.plusSeconds(9)), 1, 105));

    applier.apply(log);

    assertThat(redis.exists(applier.keys().answer(session))).isFalse();
  }

  private static AgentReplyChunk chunk(String session, UUID question, int index, String text) {
    return new AgentReplyChunk(UUID.randomUUID(), 1, session, "owner", AT, question, index, text, AgentType.BankRep);
  }
}
