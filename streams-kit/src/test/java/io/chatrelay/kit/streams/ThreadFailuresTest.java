package io.chatrelay.kit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final ThreadFailures failures = new ThreadFailures(clock);

  @Test
  void shouldSayFailingAfterThreeFailuresWithinFiveMinutesNamingTheRootCause() {
    failures.record(failure());
    clock.advance(Duration.ofSeconds(7));
    failures.record(failure());
    assertThat(failures.failing()).isEmpty();

    clock.advance(Duration.ofSeconds(7));
    failures.record(failure());

    assertThat(failures.failing()).hasValueSatisfying(text -> assertThat(text)
        .contains("failed 3 times in the last 5 minutes").contains("InvalidRecordException")
        .doesNotContain("secret payload"));
  }

  @Test
  void shouldRecoverOnceTheFailuresAreOlderThanFiveMinutes() {
    for (int i = 0; i < 3; i++) {
      failures.record(failure());
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(failures.failing()).isPresent();

    clock.advance(Duration.ofMinutes(5));

    assertThat(failures.failing()).isEmpty();
  }

  @Test
  void shouldNotCountFailuresFarApart() {
    for (int i = 0; i < 5; i++) {
      failures.record(failure());
      clock.advance(Duration.ofMinutes(3));
    }

    assertThat(failures.failing()).isEmpty();
  }

  private static RuntimeException failure() {
    return new StreamsException("sending failed", new InvalidRecordException("secret payload"));
  }
}
