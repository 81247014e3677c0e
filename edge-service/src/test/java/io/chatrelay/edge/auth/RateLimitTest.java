package io.chatrelay.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

  @Test
  void shouldAllowTheBurstAtOnceAndThenRefuseWithRetryAfter() {
    RateLimit limit = new RateLimit(5, 3, clock);

    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
    RateLimit.Decision refused = limit.tryAcquire("alice");

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void shouldRefillAtTheConfiguredRate() {
    RateLimit limit = new RateLimit(5, 1, clock);
    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
    assertThat(limit.tryAcquire("alice").allowed()).isFalse();

    clock.advance(Duration.ofMillis(150));
    assertThat(limit.tryAcquire("alice").allowed()).isFalse();
    clock.advance(Duration.ofMillis(50));
    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
  }

  @Test
  void shouldNeverHoldMoreThanTheBurstAfterALongPause() {
    RateLimit limit = new RateLimit(5, 2, clock);
    clock.advance(Duration.ofHours(1));

    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
    assertThat(limit.tryAcquire("alice").allowed()).isFalse();
  }

  @Test
  void shouldSayHowManySecondsToWaitForASlowRate() {
    RateLimit limit = new RateLimit(0.1, 1, clock);
    limit.tryAcquire("alice");

    assertThat(limit.tryAcquire("alice").retryAfterSeconds()).isEqualTo(10);
    clock.advance(Duration.ofMillis(7_500));
    assertThat(limit.tryAcquire("alice").retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void shouldKeepUsersApart() {
    RateLimit limit = new RateLimit(1, 1, clock);
    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
    assertThat(limit.tryAcquire("alice").allowed()).isFalse();

    assertThat(limit.tryAcquire("bob").allowed()).isTrue();
  }

  @Test
  void shouldForgetRefilledBucketsOnceThereAreMany() {
    RateLimit limit = new RateLimit(10, 1, clock);
    for (int i = 0; i < RateLimit.SWEEP_ABOVE; i++) {
      limit.tryAcquire("user-" + i);
    }
    clock.advance(Duration.ofSeconds(1));
    limit.tryAcquire("one-more");

    assertThat(limit.tracked()).isLessThanOrEqualTo(1);
  }

  @Test
  void shouldSurviveAClockThatStepsBack() {
    RateLimit limit = new RateLimit(1, 1, clock);
    limit.tryAcquire("alice");
    clock.advance(Duration.ofSeconds(-30));

    assertThat(limit.tryAcquire("alice").allowed()).isFalse();
    clock.advance(Duration.ofSeconds(31));
    assertThat(limit.tryAcquire("alice").allowed()).isTrue();
  }

  @Test
  void shouldRefuseALimitThatAllowsNothing() {
    assertThatThrownBy(() -> new RateLimit(0, 5, clock)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimit(5, 0, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
