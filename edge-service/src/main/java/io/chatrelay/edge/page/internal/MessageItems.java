package io.chatrelay.edge.page.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentReply;
import io.chatrelay.views.AnswerInProgress;
import io.chatrelay.views.MessageView;
import java.util.List;
import java.util.Map;

/**
 * Renders history entries (the views' stored message JSON) as list items. The page's script builds the same markup
 * for live messages; both only ever put the content in as text.
 */
final class MessageItems {

  private static final Template ITEM = Template.load("message");

  private MessageItems() {}

  static Html render(List<JsonNode> messages, String agentName) {
    return Html.join(messages.stream().map(m -> item(m, agentName)));
  }

  static Html item(JsonNode message, String agentName) {
    String role = text(message, "role");
    String timestamp = text(message, "timestamp");
    String status = text(message, "status");
    String note = note(status);
    return ITEM.render(Map.ofEntries(
        Map.entry("role", cssRole(role)),
        Map.entry("seq", Long.toString(message.path("seq").asLong(-1))),
        Map.entry("id", text(message, "id")),
        Map.entry("status", status),
        Map.entry("inReplyTo", MessageView.ROLE_USER.equals(role) ? "" : text(message.path("metadata"), "inReplyTo")),
        Map.entry("busy", AnswerInProgress.STATUS_STREAMING.equals(status) ? new Html(" aria-busy=\"true\"")
            : Html.EMPTY),
        Map.entry("author", author(role, agentName)),
        Map.entry("iso", timestamp),
        Map.entry("time", Times.display(timestamp)),
        Map.entry("content", text(message, "content")),
        Map.entry("note", note == null ? Html.EMPTY : new Html("\n                  <p class=\"govuk-body-s "
            + "app-message__note\">" + Html.escape(note) + "</p>"))));
  }

  /** What the reader is told about an answer that is not simply delivered; the script uses the same words. */
  static String note(String status) {
    return switch (status) {
      case AnswerInProgress.STATUS_STREAMING -> "This answer is still being written.";
      case AgentReply.FINISH_CANCELLED -> "You stopped this answer.";
      case AgentReply.FINISH_INTERRUPTED -> "This answer was interrupted before it was finished.";
      default -> null;
    };
  }

  /** Who said it, as the reader sees it. */
  static String author(String role, String agentName) {
    return switch (role) {
      case MessageView.ROLE_USER -> "You";
      case MessageView.ROLE_ASSISTANT -> agentName;
      default -> "Service message";
    };
  }

  /** The role as a class name modifier; anything unexpected is shown as a service message. */
  private static String cssRole(String role) {
    return switch (role) {
      case MessageView.ROLE_USER, MessageView.ROLE_ASSISTANT -> role;
      default -> MessageView.ROLE_SYSTEM;
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }
}
