package io.chatrelay.analytics.internal;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running totals of one agent persona's minute. Latencies go into an HdrHistogram, so percentiles stay exact to
 * two significant digits however many replies a minute has, in a few hundred bytes of state.
 */
public final class MinuteAggregate {

  /** Longer waits are recorded as this: an answer after an hour is an outage, not a latency to chart. */
  static final long MAX_LATENCY_MS = 3_600_000L;
  private static final int SIGNIFICANT_DIGITS = 2;

  private long userMessages;
  private long replies;
  private long errors;
  private final Histogram latency;

  public MinuteAggregate() {
    this(0, 0, 0, new Histogram(MAX_LATENCY_MS, SIGNIFICANT_DIGITS));
  }

  private MinuteAggregate(long userMessages, long replies, long errors, Histogram latency) {
    this.userMessages = userMessages;
    this.replies = replies;
    this.errors = errors;
    this.latency = latency;
  }

  public MinuteAggregate add(Signal signal) {
    switch (signal.kind()) {
      case USER_MESSAGE -> userMessages++;
      case REPLY -> {
        replies++;
        latency.recordValue(Math.min(signal.latencyMs(), MAX_LATENCY_MS));
      }
      case ERROR -> errors++;
    }
    return this;
  }

  public AgentMinuteStats toStats(AgentType agentType, Instant minute) {
    AgentMinuteStats.Latency latencyMs = latency.getTotalCount() == 0 ? null : new AgentMinuteStats.Latency(
        latency.getTotalCount(), latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
        latency.getValueAtPercentile(95), latency.getValueAtPercentile(99), latency.getMaxValue());
    return new AgentMinuteStats(AgentMinuteStats.SCHEMA_VERSION, agentType, minute, userMessages, replies, errors,
        latencyMs);
  }

  /** Binary form for the window store: three counts, then the compressed histogram. */
  public static Serde<MinuteAggregate> serde() {
    return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
  }

  private static final Serializer<MinuteAggregate> SERIALIZER = (topic, aggregate) -> {
    if (aggregate == null) {
      return null;
    }
    ByteBuffer histogram = ByteBuffer.allocate(aggregate.latency.getNeededByteBufferCapacity());
    int length = aggregate.latency.encodeIntoCompressedByteBuffer(histogram);
    ByteBuffer out = ByteBuffer.allocate(3 * Long.BYTES + length);
    out.putLong(aggregate.userMessages).putLong(aggregate.replies).putLong(aggregate.errors);
    out.put(histogram.array(), 0, length);
    return out.array();
  };

  private static final Deserializer<MinuteAggregate> DESERIALIZER = (topic, bytes) -> {
    if (bytes == null) {
      return null;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      long users = in.getLong();
      long replies = in.getLong();
      long errors = in.getLong();
      // A fresh buffer, not a slice: the decoder reads the backing array from its start.
      ByteBuffer compressed = ByteBuffer.wrap(Arrays.copyOfRange(bytes, in.position(), bytes.length));
      Histogram histogram = Histogram.decodeFromCompressedByteBuffer(compressed, MAX_LATENCY_MS);
      return new MinuteAggregate(users, replies, errors, histogram);
    } catch (DataFormatException | RuntimeException e) {
      throw new SerializationException("not a minute aggregate (" + bytes.length + " bytes)", e);
    }
  };
}
