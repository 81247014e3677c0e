package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The user asked to stop the answer to one of their messages. The connector that owns the session forwards the
 * cancel to the agent and ends the answer as {@link AgentReply#FINISH_CANCELLED}, keeping the text written so far.
 * A cancel for a message already answered changes nothing.
 *
 * @param inReplyTo the {@code eventId} of the {@link UserMessage} whose answer is to stop
 * @param clientMessageId the id the client gave the request (a WebSocket frame's id or an
 *     {@code Idempotency-Key}), so a resent cancel is stored once; null when it gave none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancelRequested(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    UUID inReplyTo, String clientMessageId) implements ChatEvent {

  public static final String TYPE = "CancelRequested";

  public CancelRequested {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(inReplyTo, "inReplyTo");
  }

  public static CancelRequested of(String sessionId, String userId, Instant at, UUID inReplyTo,
      String clientMessageId) {
    return new CancelRequested(UUID.randomUUID(), SCHEMA_VERSION, sessionId, userId, at, inReplyTo,
        clientMessageId);
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
