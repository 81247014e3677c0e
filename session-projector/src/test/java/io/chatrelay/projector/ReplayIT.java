package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.projector.internal.ViewRecovery;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.ViewKeys;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayInfraExtension.class)
class ReplayIT {

  private RelayInfra infra;
  private ProjectorFixture fixture;

  @BeforeEach
  void start(RelayInfra infra) {
    this.infra = infra;
    fixture = new ProjectorFixture(infra);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void shouldLeaveViewsUnchangedWhenTheLogIsProjectedAgain() throws Exception {
    String prefix = infra.uniqueName("views") + ":";
    String user = "user-" + UUID.randomUUID();
    for (int s = 0; s < 3; s++) {
      String session = UUID.randomUUID().toString();
      fixture.send(fixture.created(session, user));
      for (int m = 0; m < 3; m++) {
        UserMessage question = fixture.message(session, user, "question " + m);
        fixture.send(question);
        fixture.send(fixture.reply(question, "answer " + m));
      }
    }
    project(prefix);
    Map<String, String> before = ViewSnapshot.of(fixture.redis, prefix, ViewRecovery.MARKER);

    project(prefix);

    assertThat(before).containsKey("user-sessions:" + user);
    assertThat(ViewSnapshot.of(fixture.redis, prefix, ViewRecovery.MARKER)).isEqualTo(before);
  }

  @Test
  void shouldBuildTheSameViewsInAFreshPrefix() throws Exception {
    String live = infra.uniqueName("views") + ":";
    String fresh = infra.uniqueName("rebuilt") + ":";
    String user = "user-" + UUID.randomUUID();
    String session = UUID.randomUUID().toString();
    fixture.send(fixture.created(session, user));
    UserMessage question = fixture.message(session, user, "question");
    fixture.send(question);
    fixture.send(fixture.reply(question, "answer"));

    project(live);
    project(fresh);

    assertThat(ViewSnapshot.of(fixture.redis, live, ViewRecovery.MARKER))
        .containsKey("session:" + session)
        .isEqualTo(ViewSnapshot.of(fixture.redis, fresh, ViewRecovery.MARKER));
  }

  @Test
  void shouldForgetDeletedSessionEverywhereAndNotResurrectItOnReplay() throws Exception {
    String prefix = infra.uniqueName("views") + ":";
    ViewKeys keys = new ViewKeys(prefix);
    String user = "user-" + UUID.randomUUID();
    String doomed = UUID.randomUUID().toString();
    String kept = UUID.randomUUID().toString();
    RecordMetadata createdAt = fixture.send(fixture.created(doomed, user));
    fixture.send(fixture.created(kept, user));
    UserMessage question = fixture.message(doomed, user, "forget me");
    fixture.send(question);
    fixture.send(fixture.reply(question, "noted"));
    RecordMetadata deletedAt = fixture.send(SessionDeleted.of(doomed, user, fixture.nextInstant()));
    fixture.send(fixture.message(doomed, user, "too late"));

    project(prefix);
    Map<String, String> tombstone = Map.of("status", "deleted", "userId", user,
        "lastSeq", Long.toString(deletedAt.offset()), "partition", Integer.toString(createdAt.partition()));
    assertForgotten(keys, doomed, kept, user, tombstone);

    project(prefix);
    assertForgotten(keys, doomed, kept, user, tombstone);

    String fresh = infra.uniqueName("rebuilt") + ":";
    project(fresh);
    assertForgotten(new ViewKeys(fresh), doomed, kept, user, tombstone);
  }

  private void assertForgotten(ViewKeys keys, String doomed, String kept, String user,
      Map<String, String> tombstone) {
    assertThat(fixture.redis.hgetAll(keys.session(doomed))).isEqualTo(tombstone);
    assertThat(fixture.redis.exists(keys.messages(doomed))).isFalse();
    assertThat(fixture.redis.exists(keys.replied(doomed))).isFalse();
    assertThat(fixture.redis.zrange(keys.userSessions(user), 0, -1)).containsExactly(kept);
  }

  /** Projects the whole log into {@code prefix} with a new application, as a reset or a rebuild would. */
  private void project(String prefix) throws Exception {
    String applicationId = infra.uniqueName("projector");
    try (SessionProjector ignored = fixture.start(prefix, applicationId)) {
      fixture.awaitCaughtUp(applicationId);
    }
  }
}
