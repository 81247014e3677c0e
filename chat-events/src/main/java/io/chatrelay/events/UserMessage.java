package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A user said something in a session.
 *
 * @param clientMessageId the id the client gave the message (a WebSocket frame's id, or a REST request's
 *     {@code Idempotency-Key}), used to recognise a resend; null when it gave none
 * @param content the text, 1..1000 characters, trimmed; plain text, never markup
 * @param metadata free-form JSON object the client attached, possibly empty
 * @param agentType the session's persona when the message was sent, so a reader of this event alone (the agent
 *     connector resuming mid-log) knows which agent answers; null in events written before it existed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserMessage(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    String clientMessageId, String content, Map<String, Object> metadata, AgentType agentType)
    implements ChatEvent {

  public static final String TYPE = "UserMessage";

  public UserMessage {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(content, "content");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public UserMessage(UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
      String clientMessageId, String content, Map<String, Object> metadata) {
    this(eventId, schemaVersion, sessionId, userId, occurredAt, clientMessageId, content, metadata, null);
  }

  public static UserMessage of(String sessionId, String userId, Instant at, String clientMessageId,
      String content, Map<String, Object> metadata) {
    return of(sessionId, userId, at, clientMessageId, content, metadata, null);
  }

  public static UserMessage of(String sessionId, String userId, Instant at, String clientMessageId,
      String content, Map<String, Object> metadata, AgentType agentType) {
    return new UserMessage(UUID.randomUUID(), SCHEMA_VERSION, sessionId, userId, at, clientMessageId, content,
        metadata, agentType);
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
