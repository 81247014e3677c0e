package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ViewSnapshot;
import io.chatrelay.views.ViewKeys;
import java.net.URI;
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

/** The live-prefix pointer and the writer that follows it, against a real Redis. */
@ExtendWith(RelayInfraExtension.class)
class ViewPointerIT {

  private static final Instant AT = Instant.parse("2026-01-15T10:00:00Z");

  private RelayInfra infra;
  private RedisClient redis;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private ViewKeys home;
  private ViewPointer pointer;
  private final String session = UUID.randomUUID().toString();

  @BeforeEach
  void connect(RelayInfra infra) {
    this.infra = infra;
    redis = RedisClient.create(URI.create(infra.redisUrl()));
    home = new ViewKeys(infra.uniqueName("home") + ":");
    pointer = new ViewPointer(home);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
    redis.close();
  }

  private ViewApplier fixed(ViewKeys keys) {
    return own(new ViewApplier(infra.redisUrl(), keys));
  }

  private ViewApplier own(ViewApplier applier) {
    owned.add(applier);
    return applier;
  }

  private List<LoggedEvent> history() {
    return List.of(
        LoggedEvent.of(SessionCreated.of(session, "u", AT, new SessionMetadata(AgentType.BankRep, null, null)), 0, 0),
        LoggedEvent.of(UserMessage.of(session, "u", AT.plusSeconds(1), null, "one", Map.of()), 0, 1));
  }

  private LoggedEvent later() {
    return LoggedEvent.of(UserMessage.of(session, "u", AT.plusSeconds(2), null, "two", Map.of()), 0, 2);
  }

  @Test
  void shouldWriteTheHomePrefixWhileNoSwitchHappened() {
    ViewApplier live = own(ViewApplier.following(infra.redisUrl(), home));

    live.apply(history());

    assertThat(live.keys()).isEqualTo(home);
    assertThat(pointer.resolve(redis)).isEqualTo(home);
    assertThat(redis.zcard(home.messages(session))).isEqualTo(1);
  }

  @Test
  void shouldMoveTheLiveWriterToTheNewPrefixAndNeverMoveTheOldPositions() {
    ViewApplier live = own(ViewApplier.following(infra.redisUrl(), home));
    live.apply(history());
    ViewKeys fresh = new ViewKeys(infra.uniqueName("fresh") + ":");
    fixed(fresh).apply(history());
    Map<String, String> before = ViewSnapshot.of(redis, home.prefix());

    assertThat(pointer.switchTo(redis, home, fresh).outcome()).isEqualTo(ViewPointer.Switch.SWITCHED);
    BatchResult result = live.apply(List.of(later()));

    assertThat(result.outcomes()).containsExactly(Outcome.APPLIED);
    assertThat(live.keys()).isEqualTo(fresh);
    assertThat(redis.get(pointer.key())).isEqualTo(fresh.prefix());
    assertThat(redis.zcard(fresh.messages(session))).isEqualTo(2);
    assertThat(redis.hgetAll(fresh.positions())).containsEntry("0", "3");
    // The batch that found the switch may have reached the old prefix too, but its positions stay where the switch
    // found them: no reader of the old prefix waits for it, and nothing moves them again.
    Map<String, String> after = ViewSnapshot.of(redis, home.prefix());
    assertThat(after.remove("{views}active-prefix")).isEqualTo("string " + fresh.prefix());
    assertThat(after.get("{views}positions")).isEqualTo(before.get("{views}positions")).isEqualTo("hash {0=2}");
    live.apply(List.of(LoggedEvent.of(UserMessage.of(session, "u", AT.plusSeconds(3), null, "three", Map.of()), 0,
        3)));
    Map<String, String> later = ViewSnapshot.of(redis, home.prefix());
    later.remove("{views}active-prefix");
    assertThat(later).as("the old prefix after the switch").isEqualTo(after);
  }

  @Test
  void shouldRefuseToSwitchToViewsThatHaveNotCaughtUp() {
    ViewApplier live = own(ViewApplier.following(infra.redisUrl(), home));
    live.apply(history());
    live.apply(List.of(later()));
    ViewKeys fresh = new ViewKeys(infra.uniqueName("fresh") + ":");
    fixed(fresh).apply(history());

    ViewPointer.SwitchResult result = pointer.switchTo(redis, home, fresh);

    assertThat(result.outcome()).isEqualTo(ViewPointer.Switch.BEHIND);
    assertThat(result.detail()).isEqualTo("0:3>2");
    assertThat(pointer.resolve(redis)).isEqualTo(home);
  }

  @Test
  void shouldRefuseToSwitchFromAPrefixThatIsNotLive() {
    ViewKeys fresh = new ViewKeys(infra.uniqueName("fresh") + ":");
    ViewKeys stale = new ViewKeys(infra.uniqueName("stale") + ":");

    ViewPointer.SwitchResult result = pointer.switchTo(redis, stale, fresh);

    assertThat(result).isEqualTo(new ViewPointer.SwitchResult(ViewPointer.Switch.CONFLICT, home.prefix()));
    assertThat(redis.exists(pointer.key())).isFalse();
  }

  @Test
  void shouldClearThePointerWhenSwitchingBackHome() {
    ViewKeys fresh = new ViewKeys(infra.uniqueName("fresh") + ":");
    pointer.switchTo(redis, home, fresh);

    ViewPointer.SwitchResult back = pointer.switchTo(redis, fresh, home);

    assertThat(back.outcome()).isEqualTo(ViewPointer.Switch.SWITCHED);
    assertThat(redis.exists(pointer.key())).isFalse();
    assertThat(pointer.resolve(redis)).isEqualTo(home);
  }
}
