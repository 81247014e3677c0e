package io.chatrelay.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one JSON serde for {@link ChatEvent}. Writing also sets the {@code event-type} and {@code schema-version}
 * headers; reading fails with a {@link SerializationException} that says what was wrong, never with a null.
 */
public final class ChatEventSerde implements Serde<ChatEvent>, Serializer<ChatEvent>, Deserializer<ChatEvent> {

  public static final String TYPE_HEADER = "event-type";
  public static final String VERSION_HEADER = "schema-version";

  private static final ObjectMapper MAPPER = Json.mapper();
  /** Resolved once: {@code readValue(bytes, Class)} would look the type up again for every event. */
  private static final ObjectReader READER = MAPPER.readerFor(ChatEvent.class);

  /** The event as the UTF-8 JSON bytes stored in the log. */
  public static byte[] toBytes(ChatEvent event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new SerializationException("cannot write event " + event.eventId() + " as JSON", e);
    }
  }

  /**
   * The record's {@code event-type} header, or null when it has none (records written by other tools). Lets a reader
   * skip event types it ignores without parsing their JSON.
   */
  public static String typeOf(Headers headers) {
    Header type = headers == null ? null : headers.lastHeader(TYPE_HEADER);
    return type == null || type.value() == null ? null : new String(type.value(), StandardCharsets.UTF_8);
  }

  /** Reads one event; a record that is not a known event fails with a message naming the problem. */
  public static ChatEvent fromBytes(byte[] bytes) {
    if (bytes == null) {
      throw new SerializationException("event value is null (a tombstone is not a chat event)");
    }
    ChatEvent event;
    try {
      event = READER.readValue(bytes);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new SerializationException("not a chat event: " + describe(e), e);
    }
    if (event == null) {
      // The JSON literal null reads as no object at all; a reader must never be handed that as an event.
      throw new SerializationException("not a chat event: the value is the JSON literal null");
    }
    return event;
  }

  /**
   * What was wrong, without quoting the input: Jackson's own messages repeat the offending text, which may be a
   * person's message, and this message ends up in logs. Only the kind of problem, where it is and which field.
   */
  private static String describe(Exception e) {
    StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      out.append(" at ").append(mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .reduce((a, b) -> a + "." + b).orElse(""));
    }
    if (e instanceof JsonProcessingException processing && processing.getLocation() != null) {
      out.append(" (line ").append(processing.getLocation().getLineNr()).append(", column ")
          .append(processing.getLocation().getColumnNr()).append(')');
    }
    return out.toString();
  }

  @Override
  public byte[] serialize(String topic, ChatEvent data) {
    return data == null ? null : toBytes(data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, ChatEvent data) {
    if (data != null && headers != null) {
      headers.remove(TYPE_HEADER).remove(VERSION_HEADER);
      headers.add(TYPE_HEADER, data.type().getBytes(StandardCharsets.UTF_8));
      headers.add(VERSION_HEADER, Integer.toString(data.schemaVersion()).getBytes(StandardCharsets.UTF_8));
    }
    return serialize(topic, data);
  }

  @Override
  public ChatEvent deserialize(String topic, byte[] data) {
    return fromBytes(data);
  }

  @Override
  public Serializer<ChatEvent> serializer() {
    return this;
  }

  @Override
  public Deserializer<ChatEvent> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // stateless: nothing to configure
  }

  @Override
  public void close() {
    // stateless
  }
}
