package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.SessionIds;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.ViewKeys;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One session's views rebuilt from the log on demand, next to a stand-in for the projector. */
@ExtendWith({RelayInfraExtension.class, LogFixture.PerTest.class})
class SessionRestoreIT {

  private final TestEvents events = new TestEvents();
  private final Map<TopicPartition, Long> projected = new HashMap<>();
  private LogFixture fixture;
  private ViewKeys home;
  private ViewApplier live;

  @BeforeEach
  void start(LogFixture fixture) {
    this.fixture = fixture;
    home = fixture.keys("home");
    live = fixture.following(home);
  }

  /** What the projector does: applies what it has not read yet, in log order. */
  private void project() {
    projected.putAll(fixture.project(live, projected));
  }

  private Map<String, String> sessionKeys(String session) {
    Map<String, String> all = ViewSnapshot.of(fixture.redis, home.prefix());
    all.keySet().removeIf(k -> !k.endsWith("{" + session + "}") && !k.startsWith("user-sessions:"));
    return all;
  }

  private SessionRestore.Result restore(String session, String user) {
    return new SessionRestore(fixture.reader(), live).restore(session, user, null, () -> false);
  }

  @Test
  void shouldRebuildALostSessionExactlyAsProjectedWithoutMovingPositions() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    fixture.log.sendAll(events.conversation(session, "owner", 3));
    fixture.log.sendAll(events.conversation(UUID.randomUUID().toString(), "owner", 1));
    project();
    Map<String, String> before = sessionKeys(session);
    Map<String, String> positions = fixture.redis.hgetAll(home.positions());
    fixture.redis.del(home.session(session), home.messages(session), home.replied(session));
    fixture.redis.zrem(home.userSessions("owner"), session);

    SessionRestore.Result result = restore(session, null);

    assertThat(result.found()).isTrue();
    assertThat(result.events()).isEqualTo(7);
    assertThat(sessionKeys(session)).isEqualTo(before).containsKey("messages:{" + session + "}");
    assertThat(fixture.redis.hgetAll(home.positions())).isEqualTo(positions);
    assertThat(ViewSnapshot.of(fixture.redis, home.prefix()).keySet()).noneMatch(k -> k.contains("scratch"));
  }

  @Test
  void shouldBringBackEventsTheProjectorIgnoredWhileTheViewWasMissing() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    fixture.log.sendAll(events.conversation(session, "owner", 1));
    project();
    Map<String, String> lost = fixture.redis.hgetAll(home.session(session));
    fixture.redis.del(home.session(session), home.messages(session), home.replied(session));
    fixture.log.send(events.message(session, "owner", "while the view was gone"));
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
    fixture.log.sendAll(events.conversation(session, "owner", 2));
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
