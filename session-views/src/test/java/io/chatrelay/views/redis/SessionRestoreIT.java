package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionIds;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.ViewKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One session's views rebuilt from the log on demand, next to a stand-in for the projector. */
@ExtendWith(RelayInfraExtension.class)
class SessionRestoreIT {

  private LogFixture fixture;
  private ViewKeys home;
  private ViewApplier live;
  private final Map<TopicPartition, Long> projected = new java.util.HashMap<>();

  @BeforeEach
  void start(RelayInfra infra) {
    fixture = new LogFixture(infra);
    home = fixture.keys("home");
    live = ViewApplier.following(infra.redisUrl(), home);
  }

  @AfterEach
  void stop() throws Exception {
    live.close();
    fixture.close();
  }

  /** What the projector does: applies what it has not read yet, in log order. */
  private void project() {
    LogReader reader = fixture.reader();
    List<TopicPartition> partitions = reader.partitions();
    Map<TopicPartition, Long> from = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
    partitions.forEach(tp -> from.put(tp, projected.getOrDefault(tp, 0L)));
    Map<TopicPartition, Long> end = reader.endOffsets(partitions);
    List<LoggedEvent> batch = new ArrayList<>();
    reader.read(from, end, record -> {
      try {
        batch.add(LoggedEvent.of(ChatEventSerde.fromBytes(record.value()), record.partition(), record.offset()));
      } catch (SerializationException e) {
        batch.add(LoggedEvent.unreadable(record.partition(), record.offset()));
      }
      return true;
    }, () -> false);
    live.apply(batch);
    projected.putAll(end);
  }

  private Map<String, String> sessionKeys(String session) {
    Map<String, String> all = ViewSnapshot.of(fixture.redis, home.prefix());
    all.keySet().removeIf(k -> !k.endsWith(session) && !k.startsWith("user-sessions:"));
    return all;
  }

  private SessionRestore.Result restore(String session, String user) {
    return new SessionRestore(fixture.reader(), live).restore(session, user, null, () -> false);
  }

  @Test
  void shouldRebuildALostSessionExactlyAsProjectedWithoutMovingPositions() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    fixture.conversation(session, "owner", 3);
    fixture.conversation(UUID.randomUUID().toString(), "owner", 1);
    project();
    Map<String, String> before = sessionKeys(session);
    Map<String, String> positions = fixture.redis.hgetAll(home.positions());
    fixture.redis.del(home.session(session), home.messages(session), home.replied(session));
    fixture.redis.zrem(home.userSessions("owner"), session);

    SessionRestore.Result result = restore(session, null);

    assertThat(result.found()).isTrue();
    assertThat(result.events()).isEqualTo(7);
    assertThat(sessionKeys(session)).isEqualTo(before).containsKey("messages:" + session);
    assertThat(fixture.redis.hgetAll(home.positions())).isEqualTo(positions);
    assertThat(ViewSnapshot.of(fixture.redis, home.prefix()).keySet()).noneMatch(k -> k.contains("scratch"));
  }

  @Test
  void shouldBringBackEventsTheProjectorIgnoredWhileTheViewWasMissing() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    fixture.conversation(session, "owner", 1);
    project();
    Map<String, String> lost = fixture.redis.hgetAll(home.session(session));
    fixture.redis.del(home.session(session), home.messages(session), home.replied(session));
    fixture.send(fixture.message(session, "owner", "while the view was gone"));
    project();
    assertThat(fixture.redis.exists(home.session(session))).isFalse();

    restore(session, "owner");

    assertThat(fixture.redis.zcard(home.messages(session))).isEqualTo(3);
    assertThat(fixture.redis.hget(home.session(session), "messageCount")).isEqualTo("3");
    assertThat(fixture.redis.hget(home.session(session), "firstSeq")).isEqualTo(lost.get("firstSeq"));
  }

  @Test
  void shouldRepairASessionThatLostOnlyItsMessages() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    fixture.conversation(session, "owner", 2);
    project();
    Map<String, String> before = sessionKeys(session);
    fixture.redis.del(home.messages(session));

    restore(session, "owner");

    assertThat(sessionKeys(session)).isEqualTo(before);
  }

  @Test
  void shouldSayWhenTheLogDoesNotKnowTheSession() {
    SessionRestore.Result result = restore(SessionIds.newId(Clock.systemUTC()).toString(), null);

    assertThat(result.found()).isFalse();
    assertThat(result.events()).isZero();
  }
}
