package io.chatrelay.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Checks shared by every event's constructor. */
final class Events {

  private Events() {}

  static void requireEnvelope(UUID eventId, String sessionId, String userId, Instant occurredAt) {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
