package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.projector.internal.ViewRecovery;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.ViewKeys;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({RelayInfraExtension.class, ProjectorFixture.PerTest.class})
class ReplayIT {

  private final TestEvents events = new TestEvents();

  @Test
  void shouldLeaveViewsUnchangedWhenTheLogIsProjectedAgain(ProjectorFixture fixture) throws Exception {
    String prefix = fixture.infra.uniqueName("views") + ":";
    String user = "user-" + UUID.randomUUID();
    for (int s = 0; s < 3; s++) {
      String session = UUID.randomUUID().toString();
      fixture.log.sendAll(events.conversation(session, user, 3));
    }
    project(fixture, prefix);
    Map<String, String> before = ViewSnapshot.of(fixture.redis, prefix, ViewRecovery.MARKER);

    project(fixture, prefix);

    assertThat(before).containsKey("user-sessions:{" + user + "}");
    assertThat(ViewSnapshot.of(fixture.redis, prefix, ViewRecovery.MARKER)).isEqualTo(before);
  }

  @Test
  void shouldBuildTheSameViewsInAFreshPrefix(ProjectorFixture fixture) throws Exception {
    String live = fixture.infra.uniqueName("views") + ":";
    String fresh = fixture.infra.uniqueName("rebuilt") + ":";
    String user = "user-" + UUID.randomUUID();
    String session = UUID.randomUUID().toString();
    fixture.log.send(events.created(session, user));
    UserMessage question = events.message(session, user, "question");
    fixture.log.send(question);
    fixture.log.send(events.reply(question, "answer"));

    project(fixture, live);
    project(fixture, fresh);

    assertThat(ViewSnapshot.of(fixture.redis, live, ViewRecovery.MARKER))
        .containsKey("session:{" + session + "}")
        .isEqualTo(ViewSnapshot.of(fixture.redis, fresh, ViewRecovery.MARKER));
  }

  @Test
  void shouldForgetDeletedSessionEverywhereAndNotResurrectItOnReplay(ProjectorFixture fixture) throws Exception {
    String prefix = fixture.infra.uniqueName("views") + ":";
    ViewKeys keys = new ViewKeys(prefix);
    String user = "user-" + UUID.randomUUID();
    String doomed = UUID.randomUUID().toString();
    String kept = UUID.randomUUID().toString();
    RecordMetadata createdAt = fixture.log.send(events.created(doomed, user));
    fixture.log.send(events.created(kept, user));
    UserMessage question = events.message(doomed, user, "forget me");
    fixture.log.send(question);
    fixture.log.send(events.reply(question, "noted"));
    RecordMetadata deletedAt = fixture.log.send(SessionDeleted.of(doomed, user, events.nextInstant()));
    fixture.log.send(events.message(doomed, user, "too late"));

    project(fixture, prefix);
    Map<String, String> tombstone = Map.of("status", "deleted", "userId", user,
        "lastSeq", Long.toString(deletedAt.offset()), "partition", Integer.toString(createdAt.partition()));
    assertForgotten(fixture, keys, doomed, kept, user, tombstone);

    project(fixture, prefix);
    assertForgotten(fixture, keys, doomed, kept, user, tombstone);

    String fresh = fixture.infra.uniqueName("rebuilt") + ":";
    project(fixture, fresh);
    assertForgotten(fixture, new ViewKeys(fresh), doomed, kept, user, tombstone);
  }

  private static void assertForgotten(ProjectorFixture fixture, ViewKeys keys, String doomed, String kept, String user,
      Map<String, String> tombstone) {
    assertThat(fixture.redis.hgetAll(keys.session(doomed))).isEqualTo(tombstone);
    assertThat(fixture.redis.exists(keys.messages(doomed))).isFalse();
    assertThat(fixture.redis.exists(keys.replied(doomed))).isFalse();
    assertThat(fixture.redis.zrange(keys.userSessions(user), 0, -1)).containsExactly(kept);
  }

  /** Projects the whole log into {@code prefix} with a new application, as a reset or a rebuild would. */
  private static void project(ProjectorFixture fixture, String prefix) throws Exception {
    String applicationId = fixture.infra.uniqueName("projector");
    try (SessionProjector ignored = fixture.start(prefix, applicationId)) {
      fixture.awaitCaughtUp(applicationId);
    }
  }
}
