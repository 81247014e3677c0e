package io.chatrelay.edge.page.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
    return ITEM.render(Map.of(
        "role", cssRole(role),
        "seq", Long.toString(message.path("seq").asLong(-1)),
        "id", text(message, "id"),
        "author", author(role, agentName),
        "iso", timestamp,
        "time", Times.display(timestamp),
        "content", text(message, "content")));
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
