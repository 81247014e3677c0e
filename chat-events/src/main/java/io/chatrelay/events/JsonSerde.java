package io.chatrelay.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A JSON serde for one record type, with the project's JSON settings; fails with a message naming the type. */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return Json.mapper().writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(data, type);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new SerializationException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // stateless
  }

  @Override
  public void close() {
    // stateless
  }
}
