package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user message could not be answered; this is its terminal, visible outcome.
 *
 * @param inReplyTo the {@code eventId} of the {@link UserMessage} that failed, or null for a session-wide error
 * @param code a stable machine-readable reason: {@code agent_error}, {@code agent_timeout},
 *     {@code agent_unavailable}
 * @param content a sentence for the user
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentError(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    UUID inReplyTo, String code, String content, AgentType agentType) implements ChatEvent {

  public static final String TYPE = "AgentError";

  public AgentError {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(content, "content");
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
