package io.chatrelay.edge.live.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live feed's meters: what it fetched from the brokers and how many partitions it follows. With partitions
 * assigned on demand, the bytes are what this instance's sockets cost the brokers, not the whole topic's traffic.
 */
public final class FeedMetrics {

  private final Counter records;
  private final Counter bytes;
  private final AtomicInteger partitions = new AtomicInteger();

  public FeedMetrics(MeterRegistry registry) {
    records = Counter.builder("edge.live.feed.records").description("records the live feed fetched from the log")
        .register(registry);
    bytes = Counter.builder("edge.live.feed.bytes").baseUnit("bytes")
        .description("key and value bytes of the records the live feed fetched from the log").register(registry);
    Gauge.builder("edge.live.feed.partitions", partitions::get)
        .description("partitions of chat-messages the live feed follows now").register(registry);
  }

  void fetched(int keyAndValueBytes) {
    records.increment();
    bytes.increment(keyAndValueBytes);
  }

  void assigned(int count) {
    partitions.set(count);
  }

  public double bytes() {
    return bytes.count();
  }

  public double records() {
    return records.count();
  }

  public int partitions() {
    return partitions.get();
  }
}
