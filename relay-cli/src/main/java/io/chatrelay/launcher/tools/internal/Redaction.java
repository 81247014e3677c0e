package io.chatrelay.launcher.tools.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import java.util.Map;

/**
 * What the replay tools show of a session its user deleted: the shape of the conversation (types, times, ids,
 * persona) without anything a person wrote or that identifies their device. The log itself keeps the events until
 * retention removes them; the tools do not hand them out again meanwhile.
 */
public final class Redaction {

  public static final String REDACTED = "[deleted]";

  private Redaction() {}

  public static ChatEvent redact(ChatEvent event) {
    if (event instanceof UserMessage m) {
      return new UserMessage(m.eventId(), m.schemaVersion(), m.sessionId(), m.userId(), m.occurredAt(),
          m.clientMessageId(), REDACTED, Map.of(), m.agentType());
    }
    if (event instanceof AgentReply r) {
      return new AgentReply(r.eventId(), r.schemaVersion(), r.sessionId(), r.userId(), r.occurredAt(),
          r.inReplyTo(), r.agentMessageId(), REDACTED, r.metadata(), r.finish(), r.stream());
    }
    if (event instanceof AgentReplyChunk c) {
      return new AgentReplyChunk(c.eventId(), c.schemaVersion(), c.sessionId(), c.userId(), c.occurredAt(),
          c.inReplyTo(), c.index(), REDACTED, c.agentType());
    }
    if (event instanceof AnswerFeedback f) {
      return new AnswerFeedback(f.eventId(), f.schemaVersion(), f.sessionId(), f.userId(), f.occurredAt(),
          f.inReplyTo(), f.rating(), f.comment() == null ? null : REDACTED, f.agentType(), f.clientMessageId());
    }
    if (event instanceof AgentError e) {
      return new AgentError(e.eventId(), e.schemaVersion(), e.sessionId(), e.userId(), e.occurredAt(),
          e.inReplyTo(), e.code(), REDACTED, e.agentType());
    }
    if (event instanceof AgentStatus s) {
      return new AgentStatus(s.eventId(), s.schemaVersion(), s.sessionId(), s.userId(), s.occurredAt(), s.status(),
          s.content() == null ? null : REDACTED, s.agentType());
    }
    if (event instanceof SessionCreated c) {
      return new SessionCreated(c.eventId(), c.schemaVersion(), c.sessionId(), c.userId(), c.occurredAt(),
          new SessionMetadata(c.metadata().agentType(), null, null));
    }
    if (event instanceof SessionDeleted || event instanceof CancelRequested) {
      return event; // nothing anybody wrote
    }
    throw new IllegalArgumentException("no redaction for event type " + event.type());
  }
}
