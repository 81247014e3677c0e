package io.chatrelay.views;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.UserMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Which events become messages in a session's history, and how they look there. */
public final class MessageViews {

  private MessageViews() {}

  /** The history entry for an event at log offset {@code seq}, or empty when the event is not a message. */
  public static Optional<MessageView> of(ChatEvent event, long seq) {
    String id = event.eventId().toString();
    if (event instanceof UserMessage m) {
      return Optional.of(new MessageView(id, m.sessionId(), m.content(), MessageView.ROLE_USER, m.occurredAt(),
          "sent", seq, m.metadata()));
    }
    if (event instanceof AgentReply r) {
      Map<String, Object> meta = new LinkedHashMap<>();
      if (r.metadata() != null) {
        putIfSet(meta, "agentType", r.metadata().agentType() == null ? null : r.metadata().agentType().name());
        putIfSet(meta, "confidence", r.metadata().confidence());
        putIfSet(meta, "processingTime", r.metadata().processingTime());
      }
      meta.put("inReplyTo", r.inReplyTo().toString());
      return Optional.of(new MessageView(id, r.sessionId(), r.content(), MessageView.ROLE_ASSISTANT,
          r.occurredAt(), r.finish() == null ? "delivered" : r.finish(), seq, meta));
    }
    if (event instanceof AgentError e) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("error", e.code());
      putIfSet(meta, "agentType", e.agentType() == null ? null : e.agentType().name());
      putIfSet(meta, "inReplyTo", e.inReplyTo() == null ? null : e.inReplyTo().toString());
      return Optional.of(new MessageView(id, e.sessionId(), e.content(), MessageView.ROLE_SYSTEM, e.occurredAt(),
          "failed", seq, meta));
    }
    return Optional.empty();
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
