package io.chatrelay.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepReportTest {

  private static final Percentiles FAST = new Percentiles(1_000, 5, 4, 8, 20, 30, 40);
  private static final Percentiles SLOW = new Percentiles(1_000, 50, 40, 80, 150, 300, 400);

  @Test
  void shouldCallAStepSustainedOnlyWhenItsRateAnsweredInTimeWithNothingLost() {
    assertThat(step(false, 0, 0, 1_000, FAST).sustained(100)).isTrue();
    assertThat(step(false, 0, 0, 1_000, SLOW).sustained(100)).as("p99 over the limit").isFalse();
    assertThat(step(true, 0, 0, 1_000, FAST).sustained(100)).as("aborted").isFalse();
    assertThat(step(false, 1, 0, 1_000, FAST).sustained(100)).as("a message lost").isFalse();
    assertThat(step(false, 0, 1, 1_000, FAST).sustained(100)).as("a reply duplicated").isFalse();
    assertThat(step(false, 0, 0, 900, FAST).sustained(100)).as("replies fell behind the rate").isFalse();
  }

  @Test
  void shouldReadPercentilesOfAMicrosecondHistogramInMilliseconds() {
    var histogram = Percentiles.newMicrosHistogram();
    for (int i = 1; i <= 100; i++) {
      histogram.recordValue(i * 1_000L);
    }
    Percentiles p = Percentiles.ofMicros(histogram);

    assertThat(p.count()).isEqualTo(100);
    assertThat(p.p50()).isBetween(49.9, 50.1);
    assertThat(p.p99()).isBetween(98.9, 99.1);
    assertThat(p.max()).isBetween(99.9, 100.1);
    assertThat(Percentiles.ofMicros(Percentiles.newMicrosHistogram())).isEqualTo(Percentiles.NONE);
  }

  private static ExchangeReport.StepReport step(boolean aborted, long lost, long dup, double replyRate,
      Percentiles latency) {
    return new ExchangeReport.StepReport(1_000, 60, aborted, 60_000, 60_000, 60_000, lost, dup, 1_000, 1_000,
        replyRate, FAST, FAST, latency, 1.0);
  }
}
