package io.chatrelay.analytics.internal;

import io.chatrelay.events.JsonSerde;
import io.chatrelay.events.StreamStats;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The form of a {@link Signal} in the repartition topic, big-endian: most signals are nine bytes, a kind byte then
 * the latency as a long. A reply that was stopped or streamed is 35: kind byte 6, the latency, a finish byte (0
 * finished, 1 cancelled, 2 interrupted), a streamed byte (0 or 1), then the stream's tokens and chunks as ints and
 * its first-token and stream times as longs (zeros when not streamed). Every counted event crosses that topic once,
 * written and read, so this replaced JSON. Earlier versions wrote JSON, and records they left in the topic are still
 * read after an upgrade: a JSON object starts with '{', which is no kind byte.
 */
public final class SignalSerde {

  static final int SIZE = 1 + Long.BYTES;
  static final int DETAILED_REPLY_SIZE = SIZE + 2 + 2 * Integer.BYTES + 2 * Long.BYTES;
  // Fixed codes rather than ordinals: reordering the enums must not change what the bytes mean.
  private static final byte USER_MESSAGE = 1;
  private static final byte REPLY = 2;
  private static final byte ERROR = 3;
  private static final byte FEEDBACK_UP = 4;
  private static final byte FEEDBACK_DOWN = 5;
  private static final byte DETAILED_REPLY = 6;
  private static final byte FINISHED = 0;
  private static final byte CANCELLED = 1;
  private static final byte INTERRUPTED = 2;
  private static final byte JSON_OBJECT = '{';
  private static final Deserializer<Signal> JSON = new JsonSerde<>(Signal.class);

  private SignalSerde() {}

  public static Serde<Signal> serde() {
    return Serdes.serdeFrom(SignalSerde::serialize, SignalSerde::deserialize);
  }

  static byte[] serialize(String topic, Signal signal) {
    if (signal == null) {
      return null;
    }
    if (!signal.isPlain()) {
      return detailedReply(signal);
    }
    byte kind = switch (signal.kind()) {
      case USER_MESSAGE -> USER_MESSAGE;
      case REPLY -> REPLY;
      case ERROR -> ERROR;
      case FEEDBACK_UP -> FEEDBACK_UP;
      case FEEDBACK_DOWN -> FEEDBACK_DOWN;
    };
    return ByteBuffer.allocate(SIZE).put(kind).putLong(signal.latencyMs()).array();
  }

  private static byte[] detailedReply(Signal signal) {
    byte finish = signal.finish() == null ? FINISHED : switch (signal.finish()) {
      case CANCELLED -> CANCELLED;
      case INTERRUPTED -> INTERRUPTED;
    };
    StreamStats stream = signal.stream() == null ? new StreamStats(0, 0, 0, 0) : signal.stream();
    return ByteBuffer.allocate(DETAILED_REPLY_SIZE).put(DETAILED_REPLY).putLong(signal.latencyMs()).put(finish)
        .put((byte) (signal.stream() == null ? 0 : 1)).putInt(stream.tokens()).putInt(stream.chunks())
        .putLong(stream.firstTokenMs()).putLong(stream.streamMs()).array();
  }

  static Signal deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length > 0 && bytes[0] == JSON_OBJECT) {
      return checked(JSON.deserialize(topic, bytes), bytes);
    }
    if (bytes.length > 0 && bytes[0] == DETAILED_REPLY) {
      return checked(readDetailedReply(bytes), bytes);
    }
    if (bytes.length != SIZE) {
      throw new SerializationException("not a signal: " + bytes.length + " bytes, expected " + SIZE);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Signal.Kind kind = switch (in.get()) {
      case USER_MESSAGE -> Signal.Kind.USER_MESSAGE;
      case REPLY -> Signal.Kind.REPLY;
      case ERROR -> Signal.Kind.ERROR;
      case FEEDBACK_UP -> Signal.Kind.FEEDBACK_UP;
      case FEEDBACK_DOWN -> Signal.Kind.FEEDBACK_DOWN;
      default -> throw new SerializationException("not a signal: unknown kind byte " + bytes[0]);
    };
    return checked(new Signal(kind, in.getLong(), null, null), bytes);
  }

  private static Signal readDetailedReply(byte[] bytes) {
    if (bytes.length != DETAILED_REPLY_SIZE) {
      throw new SerializationException("not a reply signal: " + bytes.length + " bytes, expected "
          + DETAILED_REPLY_SIZE);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    long latencyMs = in.getLong();
    Signal.Finish finish = switch (in.get()) {
      case FINISHED -> null;
      case CANCELLED -> Signal.Finish.CANCELLED;
      case INTERRUPTED -> Signal.Finish.INTERRUPTED;
      default -> throw new SerializationException("not a reply signal: unknown finish byte " + bytes[SIZE]);
    };
    byte streamed = in.get();
    StreamStats stream = new StreamStats(in.getInt(), in.getInt(), in.getLong(), in.getLong());
    if (streamed != 0 && streamed != 1) {
      throw new SerializationException("not a reply signal: streamed byte " + streamed);
    }
    return new Signal(Signal.Kind.REPLY, latencyMs, finish, streamed == 1 ? stream : null);
  }

  private static Signal checked(Signal signal, byte[] bytes) {
    StreamStats stream = signal == null ? null : signal.stream();
    if (signal == null || signal.kind() == null || signal.latencyMs() < 0 || stream != null
        && (stream.tokens() < 0 || stream.chunks() < 0 || stream.firstTokenMs() < 0 || stream.streamMs() < 0)) {
      throw new SerializationException("not a signal: no kind or a negative value (" + bytes.length + " bytes)");
    }
    return signal;
  }
}
