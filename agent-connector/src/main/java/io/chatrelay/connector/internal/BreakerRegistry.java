package io.chatrelay.connector.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per agent endpoint, so one persona's outage does not stop the others. Tuned for chat: a
 * person is waiting, so the window is short (the last {@value #WINDOW} calls) and the breaker decides after
 * {@value #MIN_CALLS}; half the calls failing, or nearly all being slow, means the agent is not serving people.
 * Each breaker's state is exported as the gauge {@code agent_breaker_state} (0 closed, 1 open, 2 half-open,
 * 3 other) tagged with the endpoint, and every transition is counted in {@code agent_breaker_transitions_total}.
 */
public final class BreakerRegistry {

  public static final int WINDOW = 10;
  public static final int MIN_CALLS = 5;
  public static final float FAILURE_RATE = 50f;
  public static final float SLOW_CALL_RATE = 80f;
  public static final int HALF_OPEN_CALLS = 2;

  /** Called on the thread that caused the transition, after it is logged. */
  @FunctionalInterface
  public interface Listener {
    void onTransition(URI endpoint, CircuitBreaker.State from, CircuitBreaker.State to);
  }

  private static final Logger LOG = LoggerFactory.getLogger(BreakerRegistry.class);

  private final CircuitBreakerConfig config;
  private final MeterRegistry meters;
  private final Listener listener;
  private final ConcurrentMap<URI, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  public BreakerRegistry(Duration openWait, Duration slowCall, Clock clock, MeterRegistry meters,
      Listener listener) {
    this.config = breakerConfig(openWait, slowCall, clock);
    this.meters = Objects.requireNonNull(meters, "meters");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The chat-tuned breaker settings. Open-to-half-open happens on the next permission request after
   * {@code openWait} rather than on resilience4j's own timer thread: parked messages ask again on schedule anyway,
   * and it keeps the breaker on the injected clock.
   */
  public static CircuitBreakerConfig breakerConfig(Duration openWait, Duration slowCall, Clock clock) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(WINDOW)
        .minimumNumberOfCalls(MIN_CALLS)
        .failureRateThreshold(FAILURE_RATE)
        .slowCallDurationThreshold(slowCall)
        .slowCallRateThreshold(SLOW_CALL_RATE)
        .waitDurationInOpenState(openWait)
        .permittedNumberOfCallsInHalfOpenState(HALF_OPEN_CALLS)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .clock(clock)
        .build();
  }

  public CircuitBreaker forEndpoint(URI endpoint) {
    return breakers.computeIfAbsent(endpoint, this::create);
  }

  /** Every breaker's state by masked endpoint, for health details. */
  public Map<String, CircuitBreaker.State> states() {
    Map<String, CircuitBreaker.State> out = new TreeMap<>();
    breakers.forEach((endpoint, breaker) -> out.put(UrlMask.masked(endpoint), breaker.getState()));
    return out;
  }

  private CircuitBreaker create(URI endpoint) {
    String name = UrlMask.masked(endpoint);
    CircuitBreaker breaker = CircuitBreaker.of(name, config);
    Gauge.builder("agent.breaker.state", breaker, b -> stateCode(b.getState()))
        .description("Agent circuit breaker state: 0 closed, 1 open, 2 half-open, 3 other")
        .tag("endpoint", name)
        .register(meters);
    breaker.getEventPublisher().onStateTransition(event -> onTransition(endpoint, event));
    return breaker;
  }

  private void onTransition(URI endpoint, CircuitBreakerOnStateTransitionEvent event) {
    CircuitBreaker.State from = event.getStateTransition().getFromState();
    CircuitBreaker.State to = event.getStateTransition().getToState();
    String name = UrlMask.masked(endpoint);
    Counter.builder("agent.breaker.transitions").tag("endpoint", name).tag("to", to.name())
        .register(meters).increment();
    if (to == CircuitBreaker.State.OPEN) {
      LOG.warn("agent breaker endpoint={} {} -> OPEN: messages wait until it recovers", name, from);
    } else {
      LOG.info("agent breaker endpoint={} {} -> {}", name, from, to);
    }
    listener.onTransition(endpoint, from, to);
  }

  static int stateCode(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED -> 0;
      case OPEN -> 1;
      case HALF_OPEN -> 2;
      default -> 3;
    };
  }
}
