package io.chatrelay.edge.live.internal;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something a client asks to have written to the log under an id of its own (a WebSocket frame's {@code id} or a
 * REST {@code Idempotency-Key}), so that it is written once however often it is sent.
 */
public sealed interface ClientRequest {

  /** The client's id: the same id from the same session is the same request. */
  String id();

  /**
   * The event this request is written as, in {@code sessionId} of {@code userId}, stamped {@code at} (to the
   * millisecond, like every time in the log).
   *
   * @param agentType the session's persona, or null when unknown
   */
  default ChatEvent toEvent(String sessionId, String userId, AgentType agentType, Instant at) {
    Instant stamp = at.truncatedTo(ChronoUnit.MILLIS);
    if (this instanceof Message m) {
      return UserMessage.of(sessionId, userId, stamp, m.id(), m.content(), m.metadata(), agentType);
    }
    if (this instanceof Cancel c) {
      return CancelRequested.of(sessionId, userId, stamp, c.inReplyTo(), c.id());
    }
    Feedback f = (Feedback) this;
    return AnswerFeedback.of(sessionId, userId, stamp, f.inReplyTo(), f.rating(), f.comment(), agentType, f.id());
  }

  /** A message for the agent; {@code content} is trimmed. */
  record Message(String id, String content, Map<String, Object> metadata) implements ClientRequest {
    public Message {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(content, "content");
      metadata = metadata == null ? Map.of() : metadata;
    }
  }

  /** Stop the answer to the user message {@code inReplyTo}. */
  record Cancel(String id, UUID inReplyTo) implements ClientRequest {
    public Cancel {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(inReplyTo, "inReplyTo");
    }
  }

  /** A rating ({@code up} or {@code down}) of the answer to {@code inReplyTo}, with an optional comment. */
  record Feedback(String id, UUID inReplyTo, String rating, String comment) implements ClientRequest {
    public Feedback {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(inReplyTo, "inReplyTo");
      Objects.requireNonNull(rating, "rating");
    }
  }
}
