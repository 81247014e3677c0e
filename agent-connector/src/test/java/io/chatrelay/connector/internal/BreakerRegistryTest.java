package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.testing.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakerRegistryTest {

  private static final URI AGENT = URI.create("ws://127.0.0.1:8090/ws");

  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<String> transitions = new ArrayList<>();
  private final BreakerRegistry registry = new BreakerRegistry(Duration.ofSeconds(5), Duration.ofSeconds(5), clock,
      meters, (endpoint, from, to) -> transitions.add(from + "->" + to));

  @Test
  void shouldBeTunedForChat() {
    CircuitBreakerConfig config = BreakerRegistry.breakerConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), clock);

    assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
    assertThat(config.getSlidingWindowSize()).isEqualTo(10);
    assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
    assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
    assertThat(config.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.getSlowCallRateThreshold()).isEqualTo(80f);
    assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
    assertThat(config.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isFalse();
  }

  @Test
  void shouldOpenAfterFiveFailuresAndNotBefore() {
    CircuitBreaker breaker = registry.forEndpoint(AGENT);
    for (int i = 0; i < 4; i++) {
      fail(breaker);
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    fail(breaker);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquirePermission()).isFalse();
  }

  @Test
  void shouldLetTwoProbesThroughAfterTheOpenWaitAndCloseWhenTheySucceed() {
    CircuitBreaker breaker = registry.forEndpoint(AGENT);
    for (int i = 0; i < 5; i++) {
      fail(breaker);
    }
    clock.advance(Duration.ofSeconds(4));
    assertThat(breaker.tryAcquirePermission()).as("still open").isFalse();
    clock.advance(Duration.ofSeconds(2));

    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).as("only two probes").isFalse();
    breaker.onSuccess(10, TimeUnit.MILLISECONDS);
    breaker.onSuccess(10, TimeUnit.MILLISECONDS);

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  @Test
  void shouldOpenWhenNearlyAllCallsAreSlow() {
    CircuitBreaker breaker = registry.forEndpoint(AGENT);
    for (int i = 0; i < 5; i++) {
      breaker.tryAcquirePermission();
      breaker.onSuccess(6, TimeUnit.SECONDS);
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void shouldExportTheStateAsAGaugePerEndpoint() {
    CircuitBreaker breaker = registry.forEndpoint(AGENT);
    URI other = URI.create("ws://127.0.0.1:9999/ws");
    registry.forEndpoint(other);
    assertThat(gauge(AGENT)).isEqualTo(0.0);
    for (int i = 0; i < 5; i++) {
      fail(breaker);
    }

    assertThat(gauge(AGENT)).isEqualTo(1.0);
    assertThat(gauge(other)).as("another endpoint's breaker is unaffected").isEqualTo(0.0);
    assertThat(registry.states()).containsEntry("ws://127.0.0.1:8090/ws", CircuitBreaker.State.OPEN);
    assertThat(meters.get("agent.breaker.transitions").tag("to", "OPEN").counter().count()).isEqualTo(1.0);
  }

  @Test
  void shouldReuseOneBreakerPerEndpoint() {
    assertThat(registry.forEndpoint(AGENT)).isSameAs(registry.forEndpoint(URI.create(AGENT.toString())));
  }

  private double gauge(URI endpoint) {
    return meters.get("agent.breaker.state").tag("endpoint", endpoint.toString()).gauge().value();
  }

  private static void fail(CircuitBreaker breaker) {
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onError(5, TimeUnit.MILLISECONDS, new IOException("connection refused"));
  }
}
