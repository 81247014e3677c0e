package io.chatrelay.edge.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/** The edge's own meters, next to the JVM ones of the shared registry. */
public final class EdgeMetrics {

  private final MeterRegistry registry;

  public EdgeMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  public MeterRegistry registry() {
    return registry;
  }

  public Timer.Sample start() {
    return Timer.start(registry);
  }

  /** Request rate and latency per route template (never the raw path: ids would explode the series count). */
  public void request(Timer.Sample sample, String method, String route, int status) {
    sample.stop(Timer.builder("edge.http.requests").description("HTTP requests by route")
        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
        .register(registry));
  }

  /** From send to acknowledgement by the brokers (acks=all). */
  public void produce(Timer.Sample sample, String outcome) {
    sample.stop(Timer.builder("edge.kafka.produce").description("chat-messages writes until acknowledged")
        .tag("outcome", outcome).register(registry));
  }

  public void redis(Timer.Sample sample, String operation) {
    sample.stop(Timer.builder("edge.redis.commands").description("Redis view reads")
        .tag("operation", operation).register(registry));
  }

  /** How long writes waited for the views to show them; outcome applied or timeout. */
  public void readYourWrites(Timer.Sample sample, String outcome) {
    sample.stop(Timer.builder("edge.read_your_writes.wait").description("waits for the projector to apply a write")
        .tag("outcome", outcome).register(registry));
  }
}
