package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.projector.internal.ViewRecovery;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.ViewPointer;
import io.chatrelay.views.redis.ViewRebuild;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A rebuild next to the running projector: same views key by key, and the projector follows the switch. */
@ExtendWith({RelayInfraExtension.class, ProjectorFixture.PerTest.class})
class RebuildIT {

  private final TestEvents events = new TestEvents();

  @Test
  void shouldRebuildViewsEqualToTheProjectedOnesAndKeepProjectingIntoThem(ProjectorFixture fixture) throws Exception {
    ViewKeys home = new ViewKeys(fixture.infra.uniqueName("views") + ":");
    String applicationId = fixture.infra.uniqueName("projector");
    String user = "user-" + UUID.randomUUID();
    String kept = UUID.randomUUID().toString();
    try (SessionProjector projector = fixture.start(home.prefix(), applicationId)) {
      fixture.log.send(events.created(kept, user));
      UserMessage question = events.message(kept, user, "question");
      fixture.log.send(question);
      fixture.log.send(events.reply(question, "answer"));
      fixture.log.send(events.reply(question, "a second answer that stays hidden"));
      String deleted = UUID.randomUUID().toString();
      fixture.log.send(events.created(deleted, user));
      fixture.log.send(events.message(deleted, user, "forget me"));
      fixture.log.send(SessionDeleted.of(deleted, user, events.nextInstant()));
      fixture.log.sendRaw(kept, "not an event".getBytes(StandardCharsets.UTF_8));
      fixture.awaitCaughtUp(applicationId);
      ViewKeys target = new ViewKeys(fixture.infra.uniqueName("rebuilt") + ":");

      ViewRebuild.Summary summary;
      try (LogReader log = new LogReader(KafkaSettings.of(fixture.infra.bootstrapServers()), "rebuild-it");
           ViewRebuild rebuild = new ViewRebuild(log, fixture.infra.redisUrl(), home, target, 100, Clock.systemUTC())) {
        summary = rebuild.run((done, total) -> { }, () -> false);
      }

      Map<String, String> projected = ViewSnapshot.of(fixture.redis, home.prefix(), ViewRecovery.MARKER);
      projected.remove(ViewKeys.META_TAG + ViewPointer.KEY_SUFFIX);
      assertThat(projected).containsKeys("session:{" + kept + "}", "session:{" + deleted + "}",
          "user-sessions:{" + user + "}");
      assertThat(ViewSnapshot.of(fixture.redis, target.prefix(), ViewRecovery.MARKER))
          .isEqualTo(projected);
      assertThat(summary.sessions()).isGreaterThanOrEqualTo(2);

      Map<String, String> homePositions = fixture.redis.hgetAll(home.positions());
      RecordMetadata after = fixture.log.send(events.message(kept, user, "after the switch"));
      fixture.positions(target.prefix()).awaitApplied(after);
      assertThat(fixture.redis.zcard(target.messages(kept))).isEqualTo(3);
      // The batch that finds the switch may land under the old prefix too, but its positions never move again.
      assertThat(fixture.redis.hgetAll(home.positions())).isEqualTo(homePositions);
      assertThat(projector.ready().up()).isTrue();
    }
  }
}
