package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The agent answered a user message.
 *
 * @param inReplyTo the {@code eventId} of the {@link UserMessage} answered; at most one reply or error per user
 *     message is shown, so readers drop a second one for the same id
 * @param agentMessageId the {@code id} the agent gave its response frame
 * @param content the answer, plain text
 * @param metadata what the agent reported: agentType, confidence, processingTime (ms)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentReply(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    UUID inReplyTo, String agentMessageId, String content, AgentMetadata metadata) implements ChatEvent {

  public static final String TYPE = "AgentReply";

  public AgentReply {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    Objects.requireNonNull(content, "content");
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
