package io.chatrelay.demoagent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.demoagent.Answer;
import io.chatrelay.demoagent.Persona;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The agent protocol's JSON frames: {@code {id, type, content, timestamp, metadata}} with type {@code message} in,
 * and {@code response}, {@code error} or {@code status} out; {@code cancel} in and {@code response.delta} out extend
 * it for streamed answers.
 */
public final class Frames {

  public static final String TYPE_MESSAGE = "message";
  public static final String TYPE_RESPONSE = "response";
  public static final String TYPE_ERROR = "error";
  public static final String TYPE_STATUS = "status";
  public static final String TYPE_DELTA = "response.delta";
  public static final String TYPE_CANCEL = "cancel";

  // Trailing garbage after the object makes the frame malformed rather than silently half-read.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Echoed field values in error sentences are user input; keep them short. */
  private static final int ECHO_LENGTH = 40;

  private final Clock clock;
  private final Supplier<String> ids;

  public Frames(Clock clock) {
    this(clock, () -> UUID.randomUUID().toString());
  }

  Frames(Clock clock, Supplier<String> ids) {
    this.clock = clock;
    this.ids = ids;
  }

  public InboundFrame parse(String text) throws FrameException {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FrameException("Frame is not valid JSON.", null);
    }
    if (root == null || !root.isObject()) {
      throw new FrameException("Frame must be a JSON object.", null);
    }
    JsonNode id = root.get("id");
    String requestId = id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      throw new FrameException("Field 'type' must be the string \"message\" or \"cancel\".", requestId);
    }
    if (TYPE_CANCEL.equals(type.asText())) {
      return cancel(root, requestId);
    }
    if (!TYPE_MESSAGE.equals(type.asText())) {
      throw new FrameException("Unsupported frame type '" + Text.summary(type.asText(), ECHO_LENGTH)
          + "'; this agent accepts 'message' and 'cancel'.", requestId);
    }
    if (requestId == null) {
      throw new FrameException("Field 'id' must be a non-empty string.", null);
    }
    JsonNode content = root.get("content");
    if (content == null || !content.isTextual()) {
      throw new FrameException("Field 'content' must be a string.", requestId);
    }
    return new InboundMessage(requestId, content.asText(), agentType(root.get("metadata"), requestId));
  }

  /** A cancel needs no id of its own, only the id of the message it cancels. */
  private static CancelRequest cancel(JsonNode root, String requestId) throws FrameException {
    JsonNode inReplyTo = root.get("inReplyTo");
    if (inReplyTo == null || !inReplyTo.isTextual() || inReplyTo.asText().isBlank()) {
      throw new FrameException("Field 'inReplyTo' must be the id of the message to cancel.", requestId);
    }
    return new CancelRequest(requestId, inReplyTo.asText());
  }

  private static String agentType(JsonNode metadata, String requestId) throws FrameException {
    if (metadata == null || metadata.isNull()) {
      return null;
    }
    if (!metadata.isObject()) {
      throw new FrameException("Field 'metadata' must be an object.", requestId);
    }
    JsonNode agentType = metadata.get("agentType");
    if (agentType == null || agentType.isNull()) {
      return null;
    }
    if (!agentType.isTextual()) {
      throw new FrameException("Field 'metadata.agentType' must be a string.", requestId);
    }
    return agentType.asText();
  }

  public String response(String inReplyTo, Persona persona, Answer answer, long processingMillis) {
    ObjectNode frame = envelope(TYPE_RESPONSE, answer.text());
    frame.putObject("metadata")
        .put("agentType", persona.name())
        .put("confidence", answer.confidence())
        .put("processingTime", processingMillis)
        .put("inReplyTo", inReplyTo);
    return write(frame);
  }

  /**
   * One piece of a streamed answer; the pieces' contents, in {@code index} order from 0, make up the content of the
   * response frame that follows them.
   */
  public String delta(String inReplyTo, Persona persona, String content, int index) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("id", ids.get());
    frame.put("type", TYPE_DELTA);
    frame.put("inReplyTo", inReplyTo);
    frame.put("content", content);
    frame.put("index", index);
    frame.put("timestamp", now());
    frame.putObject("metadata").put("agentType", persona.name()).put("inReplyTo", inReplyTo);
    return write(frame);
  }

  /** {@code inReplyTo} is left out when the request's id could not be read. */
  public String error(String inReplyTo, Persona persona, String reason) {
    ObjectNode frame = envelope(TYPE_ERROR, reason);
    ObjectNode metadata = frame.putObject("metadata").put("agentType", persona.name());
    if (inReplyTo != null) {
      metadata.put("inReplyTo", inReplyTo);
    }
    return write(frame);
  }

  public String status(String inReplyTo, Persona persona, String status) {
    ObjectNode frame = envelope(TYPE_STATUS, status);
    frame.putObject("metadata").put("agentType", persona.name()).put("inReplyTo", inReplyTo);
    return write(frame);
  }

  private ObjectNode envelope(String type, String content) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("id", ids.get());
    frame.put("type", type);
    frame.put("content", content);
    frame.put("timestamp", now());
    return frame;
  }

  private String now() {
    // Millisecond precision: JavaScript's Date, which the protocol's clients parse this with, keeps no more.
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  private static String write(ObjectNode frame) {
    try {
      return MAPPER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise an outbound frame", e);
    }
  }
}
