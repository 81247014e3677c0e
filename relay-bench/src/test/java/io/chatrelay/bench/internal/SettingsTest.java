package io.chatrelay.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.bench.load.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void shouldRunTheIssuesTargetRatesForSixtySecondsInFullMode() {
    ExchangeSettings full = ExchangeSettings.of(Mode.FULL, false, null, null, null);

    assertThat(full.clients()).isEqualTo(1_000);
    assertThat(full.steps()).containsExactly(new Step(1_000, 60), new Step(10_000, 60));
    assertThat(full.directSteps()).extracting(Step::rate).containsExactly(1_000, 10_000);
  }

  @Test
  void shouldKeepTheQuickModesMeasuredLoadWellUnderAMinute() {
    ExchangeSettings quick = ExchangeSettings.of(Mode.QUICK, false, null, null, null);
    int loadSeconds = quick.warmup().seconds() + seconds(quick.steps()) + quick.directWarmup().seconds()
        + seconds(quick.directSteps()) + quick.producerSeconds() * (1 + quick.producerThreads().size());

    assertThat(loadSeconds).isLessThanOrEqualTo(35);
  }

  @Test
  void shouldSweepUpwardsFromTheLowRate() {
    List<Step> sweep = ExchangeSettings.of(Mode.QUICK, true, null, null, null).steps();

    assertThat(sweep.get(0).rate()).isEqualTo(250);
    for (int i = 1; i < sweep.size(); i++) {
      assertThat(sweep.get(i).rate()).isGreaterThan(sweep.get(i - 1).rate());
    }
    assertThat(sweep).extracting(Step::rate).contains(10_000);
  }

  @Test
  void shouldTakeOverridesFromTheCommandLine() {
    ExchangeSettings one = ExchangeSettings.of(Mode.FULL, false, 50, 2_500, 7);

    assertThat(one.clients()).isEqualTo(50);
    assertThat(one.steps()).containsExactly(new Step(2_500, 7));
    assertThat(ConnectionsSettings.of(Mode.FULL, 1_234, 2, 5))
        .extracting(ConnectionsSettings::target, ConnectionsSettings::socketsPerSession,
            ConnectionsSettings::pushStride).containsExactly(1_234, 2, 5);
  }

  private static int seconds(List<Step> steps) {
    return steps.stream().mapToInt(Step::seconds).sum();
  }
}
