package io.chatrelay.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/** The project's JSON settings, in one place so the log, the API and the views agree. */
public final class Json {

  /** Deep nesting is refused early: nothing legitimate in this product nests more than a few levels. */
  public static final int MAX_NESTING_DEPTH = 32;

  private static final ObjectMapper MAPPER = build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper build() {
    JsonMapper mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        // Registered after JavaTimeModule, so it wins for Instant and hands it what it does not read itself.
        .addModule(new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer()))
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        // Newer writers may add fields; old readers must keep working (schemaVersion says what changed).
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(100)
        .maxStringLength(1 << 20)
        .build());
    return mapper;
  }
}
