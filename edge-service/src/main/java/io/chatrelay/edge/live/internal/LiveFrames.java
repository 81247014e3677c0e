package io.chatrelay.edge.live.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.UserMessage;
import io.chatrelay.events.json.Json;
import io.chatrelay.views.MessageView;
import io.chatrelay.views.MessageViews;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server frames of the browser WebSocket.
 *
 * <pre>
 * {"type":"ack","id":clientId,"seq":N}
 * {"type":"message"|"response"|"error","id","role","content","timestamp","seq","metadata","status"}
 * {"type":"status","id","role","content","timestamp","seq","metadata"}
 * {"type":"delta","inReplyTo","seq","content"}                 more text of the answer to inReplyTo
 * {"type":"error","code","content"[,"id"][,"retryAfter"]}     a refused client frame
 * </pre>
 */
public final class LiveFrames {

  private LiveFrames() {}

  /** The frame of a log event: messages as in the history, statuses live only; empty for anything else. */
  public static Optional<Frame> ofEvent(ChatEvent event, long seq) {
    if (event instanceof AgentStatus status) {
      return Optional.of(status(status, seq));
    }
    if (event instanceof AgentReplyChunk chunk) {
      return Optional.of(delta(chunk.inReplyTo().toString(), seq, chunk.content()));
    }
    return MessageViews.of(event, seq).map(view -> new Frame(seq, message(view), inReplyTo(event),
        event instanceof UserMessage m ? m.clientMessageId() : null));
  }

  /** The frame of a history entry as the views store it (a {@link MessageView} as JSON). */
  public static Frame ofView(String storedJson) {
    MessageView view = MessageView.fromJson(storedJson);
    Object inReplyTo = view.metadata().get("inReplyTo");
    boolean answer = !MessageView.ROLE_USER.equals(view.role());
    return new Frame(view.seq(), message(view), answer && inReplyTo != null ? inReplyTo.toString() : null, null);
  }

  /** Text of the answer to {@code inReplyTo} that the client does not have yet, up to {@code seq}. */
  public static Frame delta(String inReplyTo, long seq, String content) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "delta");
    frame.put("inReplyTo", inReplyTo);
    frame.put("seq", seq);
    frame.put("content", content);
    return new Frame(seq, write(frame), inReplyTo, null, true);
  }

  public static String ack(String clientId, long seq) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "ack");
    frame.put("id", clientId);
    frame.put("seq", seq);
    return write(frame);
  }

  /**
   * @param clientId the refused frame's id when it had a usable one, else null
   * @param retryAfterSeconds when to try again (rate limit), else null
   */
  public static String error(String code, String content, String clientId, Long retryAfterSeconds) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "error");
    frame.put("code", code);
    frame.put("content", content);
    if (clientId != null) {
      frame.put("id", clientId);
    }
    if (retryAfterSeconds != null) {
      frame.put("retryAfter", retryAfterSeconds);
    }
    return write(frame);
  }

  private static String message(MessageView view) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", view.frameType());
    frame.put("id", view.id());
    frame.put("role", view.role());
    frame.put("content", view.content());
    frame.put("timestamp", view.timestamp());
    frame.put("seq", view.seq());
    frame.put("metadata", view.metadata());
    frame.put("status", view.status());
    return write(frame);
  }

  private static Frame status(AgentStatus status, long seq) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("status", status.status());
    if (status.agentType() != null) {
      metadata.put("agentType", status.agentType().name());
    }
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "status");
    frame.put("id", status.eventId().toString());
    frame.put("role", MessageView.ROLE_SYSTEM);
    frame.put("content", status.content() == null ? "" : status.content());
    frame.put("timestamp", status.occurredAt());
    frame.put("seq", seq);
    frame.put("metadata", metadata);
    return new Frame(seq, write(frame), null, null);
  }

  private static String inReplyTo(ChatEvent event) {
    if (event instanceof AgentReply reply) {
      return reply.inReplyTo().toString();
    }
    if (event instanceof AgentError error && error.inReplyTo() != null) {
      return error.inReplyTo().toString();
    }
    return null;
  }

  private static String write(Map<String, Object> frame) {
    try {
      return Json.mapper().writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a frame", e);
    }
  }
}
