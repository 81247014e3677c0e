package io.chatrelay.views;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One message of a session's history, exactly as the REST API returns it and as it is stored in
 * {@link ViewKeys#messages}.
 *
 * @param id the event id of the message
 * @param role {@code user}, {@code assistant} or {@code system}
 * @param status {@code sent} (user); {@code delivered} (assistant), or {@code cancelled} / {@code interrupted} for
 *     an answer stopped part-way, which keeps the text written until then; {@code streaming} for the answer still
 *     being written ({@link AnswerInProgress}); {@code failed} (system error)
 * @param seq the message's position in the log (its Kafka offset): strictly increasing within a session
 */
public record MessageView(
    String id, String sessionId, String content, String role, Instant timestamp, String status, long seq,
    Map<String, Object> metadata) {

  public static final String ROLE_USER = "user";
  public static final String ROLE_ASSISTANT = "assistant";
  public static final String ROLE_SYSTEM = "system";

  public MessageView {
    metadata = metadata == null ? Map.of() : metadata;
  }

  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MessageView fromJson(String json) {
    try {
      return Json.mapper().readValue(json, MessageView.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Maps this view to the live frame type the browser sees: message, response or error. */
  public String frameType() {
    return switch (role) {
      case ROLE_USER -> "message";
      case ROLE_ASSISTANT -> "response";
      default -> "error";
    };
  }
}
