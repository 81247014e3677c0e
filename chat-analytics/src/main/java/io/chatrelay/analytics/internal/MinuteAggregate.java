package io.chatrelay.analytics.internal;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.IntCountsHistogram;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running totals of one agent persona's minute. Latencies go into an HdrHistogram, so percentiles stay exact to
 * two significant digits however many replies a minute has, in a few hundred bytes of state.
 *
 * <p>The window store reads and rewrites this on every signal. The histogram is the expensive part (its counts
 * array alone is 8 KB to allocate), and most signals (user messages, errors) only move a count, so an aggregate read
 * from the store decodes its histogram only when a reply or {@link #toStats} needs it; until then the stored bytes
 * are written back as they were.
 */
public final class MinuteAggregate {

  /** Longer waits are recorded as this: an answer after an hour is an outage, not a latency to chart. */
  static final long MAX_LATENCY_MS = 3_600_000L;
  private static final int SIGNIFICANT_DIGITS = 2;

  private long userMessages;
  private long replies;
  private long errors;
  /** Null until needed; int counts are plenty for one minute and halve the array to allocate. */
  private IntCountsHistogram latency;
  /** While {@link #latency} is null: the value read from the store, whose histogram follows the counts. */
  private final byte[] stored;

  public MinuteAggregate() {
    this(0, 0, 0, null);
  }

  private MinuteAggregate(long userMessages, long replies, long errors, byte[] stored) {
    this.userMessages = userMessages;
    this.replies = replies;
    this.errors = errors;
    this.stored = stored;
  }

  public MinuteAggregate add(Signal signal) {
    switch (signal.kind()) {
      case USER_MESSAGE -> userMessages++;
      case REPLY -> {
        replies++;
        latency().recordValue(Math.min(signal.latencyMs(), MAX_LATENCY_MS));
      }
      case ERROR -> errors++;
    }
    return this;
  }

  public AgentMinuteStats toStats(AgentType agentType, Instant minute) {
    IntCountsHistogram h = latency();
    AgentMinuteStats.Latency latencyMs = h.getTotalCount() == 0 ? null : new AgentMinuteStats.Latency(
        h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(95),
        h.getValueAtPercentile(99), h.getMaxValue());
    return new AgentMinuteStats(AgentMinuteStats.SCHEMA_VERSION, agentType, minute, userMessages, replies, errors,
        latencyMs);
  }

  private IntCountsHistogram latency() {
    if (latency == null) {
      latency = stored == null ? new IntCountsHistogram(MAX_LATENCY_MS, SIGNIFICANT_DIGITS) : decodeLatency(stored);
    }
    return latency;
  }

  /**
   * Binary form for the window store: the three counts as longs, then the histogram in HdrHistogram's plain V2
   * encoding (LEB128 counts with runs of zeros folded, typically a few hundred bytes). Deflating it as well, as
   * earlier versions did, cost more CPU than the rest of the update for little gain. Values in that compressed
   * form (a store restored from an older changelog) are still read: the HdrHistogram cookie after the counts says
   * which form follows. Reading checks the framing; the histogram's content is checked when it is decoded.
   */
  public static Serde<MinuteAggregate> serde() {
    return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
  }

  private static final int COUNTS_BYTES = 3 * Long.BYTES;
  // HdrHistogram's V2 cookies, plain and compressed; bits 4-7 carry a word size and are not part of them.
  private static final int PLAIN_COOKIE = 0x1c849303;
  private static final int COMPRESSED_COOKIE = 0x1c849304;
  private static final int COOKIE_WORD_SIZE_BITS = 0xf0;
  // Cookie, payload length, index offset, digits, lowest and highest value, integer-to-double ratio.
  private static final int PLAIN_HEADER_BYTES = 40;
  // Cookie, compressed length.
  private static final int COMPRESSED_HEADER_BYTES = 8;
  /**
   * Room for the counts and the largest encoding of the histogram, kept per stream thread: the encoder wants a
   * buffer for the worst case (18 KB) although it writes a few hundred bytes.
   */
  private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() ->
      ByteBuffer.allocate(COUNTS_BYTES + new MinuteAggregate().latency().getNeededByteBufferCapacity()));

  private static final Serializer<MinuteAggregate> SERIALIZER = (topic, aggregate) -> {
    if (aggregate == null) {
      return null;
    }
    if (aggregate.latency == null && aggregate.stored != null) {
      // Histogram untouched since it was read: the stored bytes, old form or new, are still right.
      byte[] out = aggregate.stored.clone();
      ByteBuffer.wrap(out).putLong(aggregate.userMessages).putLong(aggregate.replies).putLong(aggregate.errors);
      return out;
    }
    IntCountsHistogram latency = aggregate.latency();
    ByteBuffer out = scratch(COUNTS_BYTES + latency.getNeededByteBufferCapacity());
    out.putLong(aggregate.userMessages).putLong(aggregate.replies).putLong(aggregate.errors);
    latency.encodeIntoByteBuffer(out);
    return Arrays.copyOf(out.array(), out.position());
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
      int cookie = in.getInt() & ~COOKIE_WORD_SIZE_BITS;
      int length = in.getInt();
      int expected = cookie == PLAIN_COOKIE ? PLAIN_HEADER_BYTES + length
          : cookie == COMPRESSED_COOKIE ? COMPRESSED_HEADER_BYTES + length : -1;
      if (users < 0 || replies < 0 || errors < 0 || length < 0 || expected != bytes.length - COUNTS_BYTES) {
        throw new IllegalArgumentException("negative counts, no histogram cookie or wrong length");
      }
      return new MinuteAggregate(users, replies, errors, bytes);
    } catch (RuntimeException e) {
      throw new SerializationException("not a minute aggregate (" + bytes.length + " bytes)", e);
    }
  };

  private static IntCountsHistogram decodeLatency(byte[] stored) {
    try {
      if ((ByteBuffer.wrap(stored).getInt(COUNTS_BYTES) & ~COOKIE_WORD_SIZE_BITS) == COMPRESSED_COOKIE) {
        // Only values from before the upgrade: not tuned. A fresh buffer, not a slice: the decoder reads the
        // backing array from its start.
        ByteBuffer compressed = ByteBuffer.wrap(Arrays.copyOfRange(stored, COUNTS_BYTES, stored.length));
        return IntCountsHistogram.decodeFromCompressedByteBuffer(compressed, MAX_LATENCY_MS);
      }
      return IntCountsHistogram.decodeFromByteBuffer(
          ByteBuffer.wrap(stored, COUNTS_BYTES, stored.length - COUNTS_BYTES), MAX_LATENCY_MS);
    } catch (DataFormatException | RuntimeException e) {
      throw new SerializationException("unreadable latency histogram in a minute aggregate (" + stored.length
          + " bytes)", e);
    }
  }

  private static ByteBuffer scratch(int capacity) {
    ByteBuffer buffer = SCRATCH.get();
    if (buffer.capacity() < capacity) {
      buffer = ByteBuffer.allocate(capacity);
      SCRATCH.set(buffer);
    }
    return buffer.clear();
  }
}
