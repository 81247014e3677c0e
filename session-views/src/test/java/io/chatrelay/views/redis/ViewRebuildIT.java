package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.SessionDeleted;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.ViewKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rebuild against a stand-in for the projector: a following {@link ViewApplier} fed from the same log. The test
 * with the real projector lives in session-projector ({@code RebuildIT}).
 */
@ExtendWith({RelayInfraExtension.class, LogFixture.PerTest.class})
class ViewRebuildIT {

  private final TestEvents events = new TestEvents();
  private LogFixture fixture;
  private ViewKeys home;
  private ViewApplier live;

  @BeforeEach
  void start(LogFixture fixture) {
    this.fixture = fixture;
    home = fixture.keys("home");
    live = fixture.following(home);
  }

  private ViewRebuild rebuild(ViewKeys target) {
    return fixture.own(new ViewRebuild(fixture.reader(), fixture.infra.redisUrl(), home, target, 7,
        Clock.systemUTC()));
  }

  /** What the projector does: applies the whole log as it is now to the live views. */
  private void project() {
    fixture.project(live, Map.of());
  }

  private void someConversations(int count) {
    for (int s = 0; s < count; s++) {
      String session = UUID.randomUUID().toString();
      fixture.log.sendAll(events.conversation(session, "user-" + (s % 3), 2));
      if (s % 4 == 0) {
        fixture.log.send(SessionDeleted.of(session, "user-" + (s % 3), events.nextInstant()));
      }
    }
    fixture.log.sendRaw("not-a-session", "garbage".getBytes());
  }

  @Test
  void shouldBuildViewsEqualToTheLiveOnesKeyByKeyAndSwitchReadersToThem() {
    someConversations(9);
    project();
    ViewKeys target = fixture.keys("rebuilt");
    List<long[]> progress = new ArrayList<>();

    ViewRebuild.Summary summary = rebuild(target).run((done, total) -> progress.add(new long[] {done, total}),
        () -> false);

    Map<String, String> liveViews = ViewSnapshot.of(fixture.redis, home.prefix());
    liveViews.remove("{views}active-prefix");
    assertThat(ViewSnapshot.of(fixture.redis, target.prefix())).isEqualTo(liveViews).hasSize(6 * 3 + 3 + 3 + 1);
    assertThat(summary.events()).isEqualTo(9 * 5 + 3 + 1);
    assertThat(summary.sessions()).isEqualTo(9);
    assertThat(summary.from()).isEqualTo(home);
    assertThat(summary.to()).isEqualTo(target);
    assertThat(new ViewPointer(home).resolve(fixture.redis)).isEqualTo(target);
    assertThat(progress.get(progress.size() - 1)).containsExactly(summary.events(), summary.events());
  }

  @Test
  void shouldCatchUpWithEventsTheLiveViewsAppliedDuringTheRebuild() {
    someConversations(3);
    project();
    ViewKeys target = fixture.keys("rebuilt");
    AtomicBoolean meanwhile = new AtomicBoolean();

    ViewRebuild.Summary summary = rebuild(target).run((done, total) -> {
      if (meanwhile.compareAndSet(false, true)) {
        someConversations(2);
        project();
      }
    }, () -> false);

    assertThat(summary.catchUps()).isGreaterThanOrEqualTo(1);
    assertThat(summary.sessions()).isEqualTo(5);
    Map<String, String> liveViews = ViewSnapshot.of(fixture.redis, home.prefix());
    liveViews.remove("{views}active-prefix");
    assertThat(ViewSnapshot.of(fixture.redis, target.prefix())).isEqualTo(liveViews);
  }

  @Test
  void shouldLeaveTheLiveViewsInChargeWhenStopped() {
    someConversations(2);
    project();
    ViewKeys target = fixture.keys("rebuilt");

    assertThatThrownBy(() -> rebuild(target).run((done, total) -> { }, () -> true))
        .isInstanceOf(ViewRebuild.RebuildStopped.class)
        .hasMessageContaining(target.prefix());
    assertThat(new ViewPointer(home).resolve(fixture.redis)).isEqualTo(home);
  }

  @Test
  void shouldRefuseAPrefixThatHoldsViewsOrOverlapsTheLiveOne() {
    someConversations(1);
    project();
    ViewKeys used = fixture.keys("used");
    new ViewApplier(fixture.infra.redisUrl(), used).apply(List.of(LoggedEvent.unreadable(0, 0)));

    assertThatThrownBy(() -> rebuild(used).run((d, t) -> { }, () -> false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds views");
    assertThatThrownBy(() -> rebuild(new ViewKeys(home.prefix() + "v2:")).run((d, t) -> { }, () -> false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps the live prefix");
    assertThatThrownBy(() -> rebuild(home).run((d, t) -> { }, () -> false))
        .hasMessageContaining("it is the live prefix");
    assertThatThrownBy(() -> rebuild(new ViewKeys("a*b:")).run((d, t) -> { }, () -> false))
        .hasMessageContaining("letters, digits");
  }

  @Test
  void shouldDropOldViewsButNeverTheLiveOnes() {
    someConversations(2);
    project();
    ViewKeys target = fixture.keys("rebuilt");
    ViewRebuild rebuild = rebuild(target);
    rebuild.run((d, t) -> { }, () -> false);

    long dropped = rebuild.dropViews(home);

    assertThat(dropped).isEqualTo(1 + 3 + 1 + 1);
    assertThat(ViewSnapshot.of(fixture.redis, home.prefix())).containsOnlyKeys("{views}active-prefix");
    assertThatThrownBy(() -> rebuild.dropViews(target)).hasMessageContaining("is live");
  }
}
