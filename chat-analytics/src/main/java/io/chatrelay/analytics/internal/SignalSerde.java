package io.chatrelay.analytics.internal;

import io.chatrelay.events.JsonSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The form of a {@link Signal} in the repartition topic: nine bytes, a kind byte then the latency as a big-endian
 * long. Every counted event crosses that topic once, written and read, so this replaced JSON. Earlier versions wrote
 * JSON, and records they left in the topic are still read after an upgrade: a JSON object starts with '{', which
 * is no kind byte.
 */
public final class SignalSerde {

  static final int SIZE = 1 + Long.BYTES;
  // Fixed codes rather than ordinals: reordering the enum must not change what the bytes mean.
  private static final byte USER_MESSAGE = 1;
  private static final byte REPLY = 2;
  private static final byte ERROR = 3;
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
    byte kind = switch (signal.kind()) {
      case USER_MESSAGE -> USER_MESSAGE;
      case REPLY -> REPLY;
      case ERROR -> ERROR;
    };
    return ByteBuffer.allocate(SIZE).put(kind).putLong(signal.latencyMs()).array();
  }

  static Signal deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length > 0 && bytes[0] == JSON_OBJECT) {
      return checked(JSON.deserialize(topic, bytes), bytes);
    }
    if (bytes.length != SIZE) {
      throw new SerializationException("not a signal: " + bytes.length + " bytes, expected " + SIZE);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Signal.Kind kind = switch (in.get()) {
      case USER_MESSAGE -> Signal.Kind.USER_MESSAGE;
      case REPLY -> Signal.Kind.REPLY;
      case ERROR -> Signal.Kind.ERROR;
      default -> throw new SerializationException("not a signal: unknown kind byte " + bytes[0]);
    };
    return checked(new Signal(kind, in.getLong()), bytes);
  }

  private static Signal checked(Signal signal, byte[] bytes) {
    if (signal == null || signal.kind() == null || signal.latencyMs() < 0) {
      throw new SerializationException("not a signal: no kind or a negative latency (" + bytes.length + " bytes)");
    }
    return signal;
  }
}
