package io.chatrelay.launcher.tools.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One event of a conversation as a readable line (or lines) for an operator's terminal. */
public final class EventText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String BLANK_TIME = " ".repeat(24);

  private EventText() {}

  /** {@code #offset  time  who  text}; continuation lines of multi-line content are indented under the text. */
  public static String of(long offset, ChatEvent event) {
    String head = String.format(Locale.ROOT, "#%-7d %s  %-16s ", offset, TIME.format(event.occurredAt()),
        label(event));
    String body = body(event);
    if (body.isEmpty()) {
      return head.stripTrailing();
    }
    String indent = " ".repeat(head.length());
    return head + String.join("\n" + indent, body.split("\n", -1));
  }

  public static String unreadable(long offset, int bytes) {
    return String.format(Locale.ROOT, "#%-7d %s  (not a chat event, %d bytes)", offset, BLANK_TIME, bytes);
  }

  private static String label(ChatEvent event) {
    if (event instanceof SessionCreated) {
      return "session created";
    }
    if (event instanceof SessionDeleted) {
      return "session deleted";
    }
    if (event instanceof UserMessage) {
      return "user";
    }
    if (event instanceof AgentReply) {
      return "assistant";
    }
    if (event instanceof AgentError) {
      return "error";
    }
    if (event instanceof AgentReplyChunk) {
      return "writing";
    }
    if (event instanceof CancelRequested) {
      return "stop asked";
    }
    if (event instanceof AnswerFeedback) {
      return "rating";
    }
    return event instanceof AgentStatus ? "status" : event.type();
  }

  private static String body(ChatEvent event) {
    if (event instanceof SessionCreated c) {
      return "persona " + c.metadata().agentType() + ", user " + safe(c.userId());
    }
    if (event instanceof UserMessage m) {
      return safe(m.content());
    }
    if (event instanceof AgentReply r) {
      return safe(r.content()) + details(r);
    }
    if (event instanceof AgentError e) {
      return e.code() + ": " + safe(e.content());
    }
    if (event instanceof AgentStatus s) {
      return safe(s.status()) + (s.content() == null ? "" : ": " + safe(s.content()));
    }
    if (event instanceof AgentReplyChunk c) {
      return "#" + c.index() + " of the answer to " + c.inReplyTo() + ": " + safe(c.content());
    }
    if (event instanceof CancelRequested c) {
      return "of the answer to " + c.inReplyTo();
    }
    if (event instanceof AnswerFeedback f) {
      return f.rating() + " for the answer to " + f.inReplyTo() + (f.comment() == null ? "" : ": "
          + safe(f.comment()));
    }
    return "";
  }

  private static String details(AgentReply reply) {
    if (reply.metadata() == null && reply.finish() == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (reply.finish() != null) {
      parts.add(reply.finish());
    }
    if (reply.metadata() == null) {
      return " (" + String.join(", ", parts) + ")";
    }
    AgentType type = reply.metadata().agentType();
    if (type != null) {
      parts.add(type.name());
    }
    if (reply.metadata().confidence() != null) {
      parts.add("confidence " + reply.metadata().confidence());
    }
    if (reply.metadata().processingTime() != null) {
      parts.add(reply.metadata().processingTime() + " ms");
    }
    return parts.isEmpty() ? "" : "  [" + String.join(", ", parts) + "]";
  }

  /**
   * What people wrote goes to a terminal: control characters (escape sequences could move the cursor or rewrite
   * the screen) are shown as {@code \\uXXXX}; line breaks stay.
   */
  static String safe(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == '\n') {
        out.append('\n');
      } else if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
        out.append(String.format(Locale.ROOT, "\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }
}
