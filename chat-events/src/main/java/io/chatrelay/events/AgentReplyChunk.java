package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A piece of an answer that is still being written: the connector gathers the agent's {@code response.delta}
 * frames over a short window and writes what came as one chunk. The {@link AgentReply} that ends the answer carries
 * the whole text, so a reader that only wants finished answers skips chunks.
 *
 * @param inReplyTo the {@code eventId} of the {@link UserMessage} being answered
 * @param index 0 for the first chunk of an answer, then 1, 2, … with no gap; a reader takes a chunk only when its
 *     index is the next one it expects for that answer, so a repeated or stray chunk never shows twice
 * @param content the text of this piece, plain text; the answer so far is the chunks' contents in index order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentReplyChunk(
    UUID eventId, int schemaVersion, String sessionId, String userId, Instant occurredAt,
    UUID inReplyTo, int index, String content, AgentType agentType) implements ChatEvent {

  public static final String TYPE = "AgentReplyChunk";

  public AgentReplyChunk {
    Events.requireEnvelope(eventId, sessionId, userId, occurredAt);
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    Objects.requireNonNull(content, "content");
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }
}
