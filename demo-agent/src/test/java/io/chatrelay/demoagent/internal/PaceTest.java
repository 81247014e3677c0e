package io.chatrelay.demoagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PaceTest {

  @Test
  void shouldTickOncePerTokenAtLowRates() {
    Pace pace = new Pace(20);

    assertThat(pace.period()).isEqualTo(Duration.ofMillis(50));
    assertThat(LongStream.range(0, 5).mapToObj(tick -> pace.dueAfterTick(tick, 100))).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void shouldRoundThePeriodUpSoThatNoTokenComesEarly() {
    Pace pace = new Pace(3);

    assertThat(pace.period()).isEqualTo(Duration.ofNanos(333_333_334));
    // Token 3 is due at exactly one second; the tick after 1.000000002 s sends it, not one before.
    assertThat(pace.dueAfterTick(2, 100)).isEqualTo(3);
    assertThat(pace.dueAfterTick(3, 100)).isEqualTo(4);
    assertThat(pace.dueAfterTick(3_000, 100_000)).isEqualTo(3_001);
  }

  @Test
  void shouldSendSeveralTokensPerTickAboveOneHundredPerSecond() {
    Pace pace = new Pace(150);

    assertThat(pace.period()).isEqualTo(Pace.MIN_PERIOD);
    assertThat(LongStream.range(0, 5).mapToObj(tick -> pace.dueAfterTick(tick, 1_000))).containsExactly(1, 2, 4, 5, 7);
    // After one second (100 ticks) exactly 150 tokens have followed the first.
    assertThat(pace.dueAfterTick(100, 1_000)).isEqualTo(151);
  }

  @Test
  void shouldNeverCountMoreTokensThanThereAre() {
    assertThat(new Pace(10_000).dueAfterTick(1_000_000, 120)).isEqualTo(120);
    assertThat(new Pace(1).dueAfterTick(0, 0)).isZero();
  }

  @Test
  void shouldRefuseARateBelowOne() {
    assertThatThrownBy(() -> new Pace(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }

  @Test
  void shouldTakeTheTicksUntilTheLastTokenIsDue() {
    assertThat(new Pace(20).duration(100)).isEqualTo(Duration.ofMillis(50 * 99));
    assertThat(new Pace(20).duration(1)).isZero();
    // 10 ms ticks, 5 tokens a tick: the 1,000th token goes out on tick 200.
    assertThat(new Pace(500).duration(1_000)).isEqualTo(Duration.ofMillis(2_000));
  }
}
