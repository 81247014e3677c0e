package io.chatrelay.projector.internal;

import io.chatrelay.views.redis.BatchResult;
import io.chatrelay.views.redis.LoggedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The projector's own meters; Kafka Streams' metrics (lag included) are bound next to them. */
public final class ProjectorMetrics {

  private final MeterRegistry registry;
  private final DistributionSummary batchSize;
  private final Timer flushLatency;
  private final Counter flushFailures;
  private final Counter recoveries;
  private final ConcurrentMap<String, Counter> events = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();

  public ProjectorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder("projector.batch.size")
        .description("events per Redis pipeline").register(registry);
    this.flushLatency = Timer.builder("projector.redis.flush")
        .description("time to apply one batch to Redis, one round trip").publishPercentileHistogram()
        .register(registry);
    this.flushFailures = Counter.builder("projector.redis.flush.failures")
        .description("batches Redis did not take; they are resent").register(registry);
    this.recoveries = Counter.builder("projector.views.recoveries")
        .description("partitions whose views were replayed from the log because Redis had lost them")
        .register(registry);
    Gauge.builder("projector.redis.waiting", waiting, AtomicInteger::get)
        .description("tasks holding back a commit until Redis takes their batch").register(registry);
  }

  public void recovered() {
    recoveries.increment();
  }

  public void waitingForRedis(int delta) {
    waiting.addAndGet(delta);
  }

  public void flushed(List<LoggedEvent> batch, BatchResult result, long nanos) {
    batchSize.record(batch.size());
    flushLatency.record(nanos, TimeUnit.NANOSECONDS);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      counts.merge(batch.get(i).type() + "|" + result.outcomes().get(i).code(), 1, Integer::sum);
    }
    counts.forEach((key, count) -> counter(key).increment(count));
  }

  private Counter counter(String typeAndOutcome) {
    return events.computeIfAbsent(typeAndOutcome, key -> {
      int bar = key.indexOf('|');
      return Counter.builder("projector.events")
          .description("events read from chat-messages, by type and what applying them did")
          .tag("type", key.substring(0, bar))
          .tag("outcome", key.substring(bar + 1))
          .register(registry);
    });
  }

  public void flushFailed() {
    flushFailures.increment();
  }
}
