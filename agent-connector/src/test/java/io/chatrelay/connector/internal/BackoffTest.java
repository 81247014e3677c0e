package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration BASE = Duration.ofMillis(1000);
  private static final Duration CAP = Duration.ofMillis(30_000);

  @Test
  void shouldKeepEveryDelayWithinZeroAndTheExponentialCeiling() {
    Backoff backoff = new Backoff(BASE, CAP, new Random(7));
    for (int attempt = 0; attempt < 70; attempt++) {
      long ceiling = Math.min(CAP.toMillis(), attempt < 40 ? BASE.toMillis() << attempt : Long.MAX_VALUE);
      for (int i = 0; i < 200; i++) {
        assertThat(backoff.delay(attempt).toMillis()).as("attempt %d", attempt).isBetween(0L, ceiling);
      }
    }
  }

  @Test
  void shouldDoubleTheCeilingUntilTheCap() {
    Backoff backoff = new Backoff(BASE, CAP, new Random(1));
    assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(2000));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(16_000));
    assertThat(backoff.ceiling(5)).isEqualTo(CAP);
    assertThat(backoff.ceiling(63)).isEqualTo(CAP);
    assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(CAP);
  }

  @Test
  void shouldSpreadDelaysOverTheWholeWindowWithFullJitter() {
    Backoff backoff = new Backoff(BASE, CAP, new Random(3));
    Set<Long> tenths = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      tenths.add(backoff.delay(2).toMillis() * 10 / 4000);
    }
    // Full jitter reaches every tenth of [0, 4000], including the very low ones.
    assertThat(tenths).contains(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void shouldTakeItsRandomnessFromTheInjectedSource() {
    Backoff first = new Backoff(BASE, CAP, new Random(42));
    Backoff second = new Backoff(BASE, CAP, new Random(42));
    for (int attempt = 0; attempt < 10; attempt++) {
      assertThat(first.delay(attempt)).isEqualTo(second.delay(attempt));
    }
  }

  @Test
  void shouldRefuseACapBelowTheBaseAndNegativeAttempts() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base=2000ms cap=1000ms");
    Backoff backoff = new Backoff(BASE, CAP, new Random());
    assertThatThrownBy(() -> backoff.delay(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
