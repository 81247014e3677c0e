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
 * @param finish how the answer ended: null when the agent finished it; {@value #FINISH_CANCELLED} when the user
 *     stopped it, {@value #FINISH_INTERRUPTED} when the connector writing it stopped mid-answer. Either way
 *     {@code content} is the text written until then, possibly empty
 * @param stream how the answer streamed, or null when the agent sent it whole
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentReply(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    UUID inReplyTo, String agentMessageId, String content, AgentMetadata metadata, String finish,
    StreamStats stream) implements ChatEvent {

  public static final String TYPE = "AgentReply";
  public static final String FINISH_CANCELLED = "cancelled";
  public static final String FINISH_INTERRUPTED = "interrupted";

  public AgentReply {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    Objects.requireNonNull(content, "content");
    if (finish != null && !finish.equals(FINISH_CANCELLED) && !finish.equals(FINISH_INTERRUPTED)) {
      throw new IllegalArgumentException("finish must be cancelled, interrupted or absent: " + finish);
    }
  }

  /** A whole answer, as the agent finished it. */
  public AgentReply(UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
      UUID inReplyTo, String agentMessageId, String content, AgentMetadata metadata) {
    this(eventId, schemaVersion, sessionId, userId, occurredAt, inReplyTo, agentMessageId, content, metadata, null,
        null);
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
