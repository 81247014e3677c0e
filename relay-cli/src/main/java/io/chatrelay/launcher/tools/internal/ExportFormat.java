package io.chatrelay.launcher.tools.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.UserMessage;
import java.util.List;

/**
 * The two export formats. JSON lines: {@code {"partition","offset","agentType","event":{…}}} with the event exactly
 * as in the log (the AsyncAPI schemas describe it). CSV (RFC 4180, header row): one flat row per event.
 */
public enum ExportFormat {
  jsonl,
  csv;

  public static final List<String> CSV_COLUMNS = List.of("occurredAt", "sessionId", "userId", "agentType", "type",
      "eventId", "role", "content", "inReplyTo", "code", "status", "partition", "offset");

  /** The header line, or null when the format has none. */
  public String header() {
    return this == csv ? String.join(",", CSV_COLUMNS) : null;
  }

  /** One output line for an event; {@code eventJson} is its JSON as it should appear. */
  public String line(int partition, long offset, AgentType agentType, ChatEvent event, String eventJson) {
    if (this == jsonl) {
      return "{\"partition\":" + partition + ",\"offset\":" + offset + ",\"agentType\":"
          + (agentType == null ? "null" : "\"" + agentType.name() + "\"") + ",\"event\":" + eventJson + "}";
    }
    String role = "";
    String content = "";
    String inReplyTo = "";
    String code = "";
    String status = "";
    if (event instanceof UserMessage m) {
      role = "user";
      content = m.content();
    } else if (event instanceof AgentReply r) {
      role = "assistant";
      content = r.content();
      inReplyTo = r.inReplyTo().toString();
      status = r.finish() == null ? "" : r.finish();
    } else if (event instanceof AgentReplyChunk c) {
      role = "assistant";
      content = c.content();
      inReplyTo = c.inReplyTo().toString();
      status = "streaming";
    } else if (event instanceof CancelRequested c) {
      role = "user";
      inReplyTo = c.inReplyTo().toString();
      status = "cancel";
    } else if (event instanceof AnswerFeedback f) {
      role = "user";
      content = f.comment() == null ? "" : f.comment();
      inReplyTo = f.inReplyTo().toString();
      status = f.rating();
    } else if (event instanceof AgentError e) {
      role = "system";
      content = e.content();
      inReplyTo = e.inReplyTo() == null ? "" : e.inReplyTo().toString();
      code = e.code();
    } else if (event instanceof AgentStatus s) {
      content = s.content() == null ? "" : s.content();
      status = s.status() == null ? "" : s.status();
    }
    return String.join(",", csv(event.occurredAt().toString()), csv(event.sessionId()), csv(event.userId()),
        csv(agentType == null ? "" : agentType.name()), csv(event.type()), csv(event.eventId().toString()),
        csv(role), csv(content), csv(inReplyTo), csv(code), csv(status), Integer.toString(partition),
        Long.toString(offset));
  }

  /**
   * A CSV field, quoted when it must be. A leading {@code = + - @} is prefixed with an apostrophe so a spreadsheet
   * opening the file never runs what a user typed as a formula.
   */
  static String csv(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
        || text.startsWith("'")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
