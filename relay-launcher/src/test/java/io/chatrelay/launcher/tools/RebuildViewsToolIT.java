package io.chatrelay.launcher.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.ViewPointer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({RelayInfraExtension.class, ToolFixture.PerTest.class})
class RebuildViewsToolIT {

  private ToolFixture fixture;

  @BeforeEach
  void start(ToolFixture fixture) {
    this.fixture = fixture;
  }

  @Test
  void shouldRebuildViewsEqualToTheProjectedOnesSwitchReadersAndDropTheOldOnes() {
    String home = fixture.infra.uniqueName("views") + ":";
    fixture.projector(home);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String session = UUID.randomUUID().toString();
    fixture.log.send(TestEvents.created(session, "erin", t0, AgentType.BankRep));
    UserMessage question = TestEvents.message(session, "erin", t0.plusMillis(1), "hello", AgentType.BankRep);
    fixture.log.send(question);
    fixture.log.send(TestEvents.reply(question, t0.plusMillis(2), "hi"));
    String deleted = UUID.randomUUID().toString();
    fixture.log.send(TestEvents.created(deleted, "erin", t0, AgentType.BankRep));
    fixture.log.send(SessionDeleted.of(deleted, "erin", t0.plusMillis(3)));
    fixture.awaitAllApplied(home);
    Map<String, String> projected = fixture.snapshot(home);
    String target = fixture.infra.uniqueName("rebuilt") + ":";

    ToolFixture.Run run = fixture.run(new RebuildViewsCommand(), "--view-prefix", home, "--prefix-to", target);

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("readers switched from " + home + " to " + target).contains("sessions in");
    assertThat(fixture.snapshot(target)).containsKey("session:{" + session + "}").isEqualTo(projected);
    assertThat(fixture.redis.get(new ViewPointer(new ViewKeys(home)).key())).isEqualTo(target);

    ToolFixture.Run drop = fixture.run(new RebuildViewsCommand(), "--view-prefix", home, "--drop", home);
    ToolFixture.Run dropLive = fixture.run(new RebuildViewsCommand(), "--view-prefix", home, "--drop", target);

    assertThat(drop.status()).isZero();
    assertThat(fixture.snapshot(home)).containsOnlyKeys(ViewKeys.META_TAG + ViewPointer.KEY_SUFFIX);
    assertThat(dropLive.status()).isEqualTo(2);
    assertThat(dropLive.err()).contains("is live");
    assertThat(fixture.snapshot(target)).isEqualTo(projected);
  }

  @Test
  void shouldRefuseToRebuildIntoTheLivePrefixAndLeaveEverythingAsItWas() {
    String home = fixture.infra.uniqueName("views") + ":";

    ToolFixture.Run run = fixture.run(new RebuildViewsCommand(), "--view-prefix", home, "--prefix-to", home);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("it is the live prefix");
    assertThat(fixture.redis.exists(home + ViewPointer.KEY_SUFFIX)).isFalse();
  }
}
