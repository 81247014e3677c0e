package io.chatrelay.analytics.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of a {@link MinuteAggregate} in the window store, big-endian. Written: the byte {@code 0xA2}; the
 * ten counts as longs (user messages, replies, errors, cancelled, interrupted, feedback up, feedback down, streamed
 * replies, tokens, stream ms); then the latency, time-to-first-token and tokens-per-second histograms, each as an
 * int length followed by that many bytes of {@link StoredHistogram} (0 for an empty one).
 *
 * <p>Values of the first form, written before the stream and feedback counts existed, are still read, so an upgrade
 * keeps its state: the three counts as longs, then the latency histogram to the end. The first byte tells them
 * apart: a first-form value starts with a non-negative count, so its high bit is clear. A version that knows only
 * the first form refuses a value of this one (it reads a negative count) rather than misreading it.
 */
final class MinuteAggregateSerde {

  static final Serde<MinuteAggregate> SERDE = Serdes.serdeFrom(MinuteAggregateSerde::serialize,
      MinuteAggregateSerde::deserialize);

  static final byte FORM_2 = (byte) 0xA2;
  static final int COUNTS = 10;
  static final int HEADER_BYTES = 1 + COUNTS * Long.BYTES;
  private static final int FIRST_FORM_COUNTS_BYTES = 3 * Long.BYTES;
  /** Per stream thread, grown to the largest value written; the histograms' encoders want room for the worst case. */
  private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

  private MinuteAggregateSerde() {}

  private static byte[] serialize(String topic, MinuteAggregate m) {
    if (m == null) {
      return null;
    }
    StoredHistogram[] histograms = {m.latency, m.firstToken, m.tokenRate};
    int capacity = HEADER_BYTES;
    for (StoredHistogram h : histograms) {
      capacity += Integer.BYTES + h.maxStoredLength();
    }
    ByteBuffer out = scratch(capacity).put(FORM_2);
    for (long count : new long[] {m.userMessages, m.replies, m.errors, m.cancelled, m.interrupted, m.feedbackUp,
        m.feedbackDown, m.streamedReplies, m.tokens, m.streamMs}) {
      out.putLong(count);
    }
    for (StoredHistogram h : histograms) {
      int at = out.position();
      out.putInt(0);
      out.putInt(at, h.writeTo(out));
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  private static MinuteAggregate deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return bytes.length > 0 && bytes[0] == FORM_2 ? readForm2(bytes) : readFirstForm(bytes);
    } catch (RuntimeException e) {
      throw new SerializationException("not a minute aggregate (" + bytes.length + " bytes)", e);
    }
  }

  private static MinuteAggregate readForm2(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    long[] c = new long[COUNTS];
    for (int i = 0; i < COUNTS; i++) {
      c[i] = nonNegative(in.getLong());
    }
    MinuteAggregate m = new MinuteAggregate(histogram(in, MinuteAggregate.MAX_LATENCY_MS),
        histogram(in, MinuteAggregate.MAX_LATENCY_MS),
        histogram(in, MinuteAggregate.MAX_TOKENS_PER_SECOND * MinuteAggregate.RATE_SCALE));
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " bytes after the histograms");
    }
    m.userMessages = c[0];
    m.replies = c[1];
    m.errors = c[2];
    m.cancelled = c[3];
    m.interrupted = c[4];
    m.feedbackUp = c[5];
    m.feedbackDown = c[6];
    m.streamedReplies = c[7];
    m.tokens = c[8];
    m.streamMs = c[9];
    return m;
  }

  private static StoredHistogram histogram(ByteBuffer in, long highest) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("histogram length " + length + " with " + in.remaining() + " bytes left");
    }
    StoredHistogram h = StoredHistogram.read(highest, in.array(), in.position(), length);
    in.position(in.position() + length);
    return h;
  }

  private static MinuteAggregate readFirstForm(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long users = nonNegative(in.getLong());
    long replies = nonNegative(in.getLong());
    long errors = nonNegative(in.getLong());
    MinuteAggregate m = new MinuteAggregate(StoredHistogram.read(MinuteAggregate.MAX_LATENCY_MS, bytes,
        FIRST_FORM_COUNTS_BYTES, bytes.length - FIRST_FORM_COUNTS_BYTES),
        new StoredHistogram(MinuteAggregate.MAX_LATENCY_MS),
        new StoredHistogram(MinuteAggregate.MAX_TOKENS_PER_SECOND * MinuteAggregate.RATE_SCALE));
    if (bytes.length == FIRST_FORM_COUNTS_BYTES) {
      throw new IllegalArgumentException("no latency histogram");
    }
    m.userMessages = users;
    m.replies = replies;
    m.errors = errors;
    return m;
  }

  private static long nonNegative(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count);
    }
    return count;
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
