package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The user rated an answer. Counted by chat-analytics per persona; not part of the message history.
 *
 * @param inReplyTo the {@code eventId} of the {@link UserMessage} whose answer is rated
 * @param rating {@code up} or {@code down}
 * @param comment what the user added, plain text of at most {@value #MAX_COMMENT} characters, or null
 * @param agentType the session's persona, so a reader of this event alone knows whose answer was rated
 * @param clientMessageId the id the client gave the request, so a resent rating is stored once; null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnswerFeedback(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    UUID inReplyTo, String rating, String comment, AgentType agentType, String clientMessageId)
    implements ChatEvent {

  public static final String TYPE = "AnswerFeedback";
  public static final String UP = "up";
  public static final String DOWN = "down";
  public static final Set<String> RATINGS = Set.of(UP, DOWN);
  public static final int MAX_COMMENT = 1000;

  public AnswerFeedback {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    if (rating == null || !RATINGS.contains(rating)) {
      throw new IllegalArgumentException("rating must be up or down: " + rating);
    }
  }

  public static AnswerFeedback of(String sessionId, String userId, Instant at, UUID inReplyTo, String rating,
      String comment, AgentType agentType, String clientMessageId) {
    return new AnswerFeedback(UUID.randomUUID(), SCHEMA_VERSION, sessionId, userId, at, inReplyTo, rating, comment,
        agentType, clientMessageId);
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
