package io.chatrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  private static final Instant NOW = Instant.parse("2026-01-15T10:15:30.123Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void shouldMakeVersion7IdsThatCarryTheirCreationMillisecond() {
    UUID id = SessionIds.newId(CLOCK);

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(SessionIds.createdAt(id.toString())).contains(NOW);
  }

  @Test
  void shouldMakeDistinctIdsWithinOneMillisecond() {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(SessionIds.newId(CLOCK));
    }

    assertThat(ids).hasSize(10_000);
  }

  @Test
  void shouldSortIdsOfLaterSessionsAfterEarlierOnesAsText() {
    String earlier = SessionIds.newId(CLOCK).toString();
    String later = SessionIds.newId(Clock.offset(CLOCK, java.time.Duration.ofMillis(1))).toString();

    assertThat(later).isGreaterThan(earlier);
  }

  @Test
  void shouldMatchTheLayoutOfRfc9562() {
    // RFC 9562 appendix A.6: unix_ts_ms 0x017F22E279B0 = 2022-02-22T19:22:22Z, rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F.
    UUID id = SessionIds.at(0x017F22E279B0L, 0xCC3L, 0x18C4DC0C0C07398FL);

    assertThat(id).hasToString("017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
    assertThat(SessionIds.createdAt(id.toString())).contains(Instant.parse("2022-02-22T19:22:22Z"));
  }

  @Test
  void shouldNotInventATimeForIdsThatAreNotVersion7() {
    assertThat(SessionIds.createdAt(UUID.randomUUID().toString())).isEmpty();
    assertThat(SessionIds.createdAt("session-1")).isEmpty();
    assertThat(SessionIds.createdAt("017f22e2-79b0-7cc3-98c4-dc0c0c07398")).isEmpty();
    assertThat(SessionIds.createdAt("zzzzzzzz-79b0-7cc3-98c4-dc0c0c07398f")).isEmpty();
    assertThat(SessionIds.createdAt(null)).isEmpty();
  }

  @Test
  void shouldRefuseTimesOutsideThe48BitRange() {
    assertThatThrownBy(() -> SessionIds.at(-1, 0, 0)).hasMessageContaining("epochMillis=-1");
  }
}
