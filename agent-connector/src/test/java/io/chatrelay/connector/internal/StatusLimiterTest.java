package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatusLimiterTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T10:00:00Z"));

  @Test
  void shouldLetTheBurstThroughThenOnePerSecond() {
    StatusLimiter limiter = new StatusLimiter(clock, 1.0, 3);

    long first = IntStream.range(0, 100).filter(i -> limiter.tryAcquire()).count();
    clock.advance(Duration.ofMillis(999));
    boolean early = limiter.tryAcquire();
    clock.advance(Duration.ofMillis(1));
    boolean onTime = limiter.tryAcquire();

    assertThat(first).isEqualTo(3);
    assertThat(early).isFalse();
    assertThat(onTime).isTrue();
  }

  @Test
  void shouldNotSaveUpMoreThanTheBurst() {
    StatusLimiter limiter = new StatusLimiter(clock, 1.0, 3);
    clock.advance(Duration.ofHours(1));

    assertThat(IntStream.range(0, 100).filter(i -> limiter.tryAcquire()).count()).isEqualTo(3);
  }
}
