package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user opened a chat session with one agent persona.
 *
 * @param metadata what the client told us when opening it: {@code agentType} (always set), and optionally
 *     {@code userAgent} and {@code ipAddress}
 */
public record SessionCreated(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    SessionMetadata metadata) implements ChatEvent {

  public static final String TYPE = "SessionCreated";

  public SessionCreated {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(metadata, "metadata");
  }

  public static SessionCreated of(String sessionId, String userId, Instant at, SessionMetadata metadata) {
    return new SessionCreated(UUID.randomUUID(), SCHEMA_VERSION, sessionId, userId, at, metadata);
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
