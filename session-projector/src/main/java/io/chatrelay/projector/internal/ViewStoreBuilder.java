package io.chatrelay.projector.internal;

import io.chatrelay.views.redis.ViewApplier;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds one {@link ViewStore} per task. Caching and logging stay off: Redis is the store's only state. */
public final class ViewStoreBuilder implements StoreBuilder<ViewStore> {

  private final String name;
  private final ViewApplier applier;
  private final ProjectorMetrics metrics;
  private final int batchSize;
  private final Duration flushInterval;
  private final Clock clock;
  private final BooleanSupplier stopping;
  private final ViewRecovery recovery;

  public ViewStoreBuilder(String name, ViewApplier applier, ProjectorMetrics metrics, int batchSize,
      Duration flushInterval, Clock clock, BooleanSupplier stopping, ViewRecovery recovery) {
    this.name = name;
    this.applier = applier;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.flushInterval = flushInterval;
    this.clock = clock;
    this.stopping = stopping;
    this.recovery = recovery;
  }

  @Override
  public StoreBuilder<ViewStore> withCachingEnabled() {
    throw new UnsupportedOperationException("the view store writes through to Redis; it has no cache");
  }

  @Override
  public StoreBuilder<ViewStore> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<ViewStore> withLoggingEnabled(Map<String, String> config) {
    throw new UnsupportedOperationException("the views are rebuilt from chat-messages; a changelog would copy it");
  }

  @Override
  public StoreBuilder<ViewStore> withLoggingDisabled() {
    return this;
  }

  @Override
  public ViewStore build() {
    return new ViewStore(name, applier, metrics, batchSize, flushInterval, clock, stopping, recovery);
  }

  @Override
  public Map<String, String> logConfig() {
    return Map.of();
  }

  @Override
  public boolean loggingEnabled() {
    return false;
  }

  @Override
  public String name() {
    return name;
  }
}
