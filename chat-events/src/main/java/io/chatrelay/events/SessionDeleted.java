package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/** The user deleted the session; every view forgets it and later events for it are ignored. */
public record SessionDeleted(UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt)
    implements ChatEvent {

  public static final String TYPE = "SessionDeleted";

  public SessionDeleted {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
  }

  public static SessionDeleted of(String sessionId, String userId, Instant at) {
    return new SessionDeleted(UUID.randomUUID(), SCHEMA_VERSION, sessionId, userId, at);
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
