package io.chatrelay.connector.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import io.chatrelay.events.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One frame of the agent protocol. The connector sends {@code {id, type:"message", content, timestamp, metadata}}
 * and reads back {@code {id, type:"response"|"error"|"status", content, timestamp, metadata}} with metadata
 * {@code agentType}, {@code confidence}, {@code processingTime} and, from agents that support it, {@code inReplyTo}.
 * An agent that streams sends {@code {type:"response.delta", inReplyTo, content, index}} frames before its final
 * {@code response}, which still carries the whole text; to stop an answer the connector sends
 * {@code {type:"cancel", inReplyTo}}. Reading is lenient about what it does not need (the agent is another team's
 * code), strict about what it does.
 *
 * @param id the agent's id for the frame
 * @param type response, response.delta, error or status
 * @param content the text for the user
 * @param metadata the metadata object, possibly empty
 * @param index a delta's position in its answer (0, 1, …), or -1 when the frame has none
 * @param replyTo the frame's top-level {@code inReplyTo}, or null (older agents put it in the metadata)
 */
public record AgentFrame(String id, String type, String content, JsonNode metadata, long index, String replyTo) {

  public static final String RESPONSE = "response";
  public static final String DELTA = "response.delta";
  public static final String CANCEL = "cancel";
  public static final String ERROR = "error";
  public static final String STATUS = "status";

  /**
   * The only keys of a user's message metadata forwarded to the agent, besides {@code agentType}, which the
   * connector always sets to the session's persona. The client's metadata is free-form and may hold anything a
   * browser or script put there (an IP address, tokens); the agent is another party and gets what the seed's
   * protocol describes and nothing more.
   */
  public static final List<String> FORWARDED_USER_METADATA = List.of("userAgent");

  /** A forwarded value longer than this is left out: a user agent string is far shorter. */
  private static final int MAX_FORWARDED_VALUE = 512;
  private static final ObjectMapper MAPPER = Json.mapper();

  /** Reads an incoming frame; fails with a message saying what is missing, never with a half-read frame. */
  public static AgentFrame parse(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("agent frame is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("agent frame is not a JSON object");
    }
    String type = text(root, "type");
    if (type == null) {
      throw new IllegalArgumentException("agent frame has no type");
    }
    String content = text(root, "content");
    if (content == null && !type.equals(STATUS)) {
      throw new IllegalArgumentException("agent " + type + " frame has no content");
    }
    JsonNode metadata = root.path("metadata").isObject() ? root.get("metadata") : MAPPER.createObjectNode();
    JsonNode index = root.path("index");
    return new AgentFrame(text(root, "id"), type, content == null ? "" : content, metadata,
        index.canConvertToLong() && index.asLong() >= 0 ? index.asLong() : -1, text(root, "inReplyTo"));
  }

  /** The frame that asks the agent to stop answering {@code question}. */
  public static String cancel(UUID question) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", CANCEL);
    frame.put("inReplyTo", question.toString());
    return frame.toString();
  }

  /** The frame that asks the agent {@code message}; its id is the message's event id, so answers can name it. */
  public static String outbound(UserMessage message, AgentType agentType) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("id", message.eventId().toString());
    frame.put("type", "message");
    frame.put("content", message.content());
    frame.put("timestamp", message.occurredAt().toString());
    ObjectNode metadata = MAPPER.createObjectNode();
    for (String key : FORWARDED_USER_METADATA) {
      if (message.metadata().get(key) instanceof String value && value.length() <= MAX_FORWARDED_VALUE) {
        metadata.put(key, value);
      }
    }
    // The session's persona wins over anything the client put in its metadata: the session decides who answers.
    metadata.put("agentType", agentType.name());
    frame.set("metadata", metadata);
    try {
      return MAPPER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write agent frame for " + message.eventId(), e);
    }
  }

  /** The user message the agent says this answers, when it says so and says it as a UUID. */
  public Optional<UUID> inReplyTo() {
    String raw = replyTo != null ? replyTo : text(metadata, "inReplyTo");
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(raw));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** 0..1 when the agent reported a number in range. */
  public Double confidence() {
    JsonNode node = metadata.path("confidence");
    if (!node.isNumber()) {
      return null;
    }
    double value = node.asDouble();
    return value >= 0.0 && value <= 1.0 ? value : null;
  }

  /** Milliseconds when the agent reported a non-negative whole number. */
  public Long processingTime() {
    JsonNode node = metadata.path("processingTime");
    return node.isNumber() && node.asLong() >= 0 ? node.asLong() : null;
  }

  /** The status word a status frame carries in its metadata, if any. */
  public Optional<String> status() {
    return Optional.ofNullable(text(metadata, "status"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
  }
}
