package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * Something the user should know about the agent that is not an answer: {@code thinking} (the agent's own status
 * frames), {@code unavailable} (the connector cannot reach it and will retry), {@code available} (it is back).
 * Shown live; not part of the message history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentStatus(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    String status, String content, AgentType agentType) implements ChatEvent {

  public static final String TYPE = "AgentStatus";

  public AgentStatus {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
