package io.chatrelay.edge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/sessions/{id}/messages}: {@code {content, metadata?}}.
 *
 * @param content the text, trimmed and within {@link RequestRules#MAX_CONTENT_CODE_POINTS}
 */
public record NewMessageRequest(String content, Map<String, Object> metadata) {

  public static NewMessageRequest parse(byte[] body) {
    ObjectNode root = JsonBodies.object(body, false);
    String content = RequestRules.requireContent(JsonBodies.requiredText(root, "content"));
    Map<String, Object> metadata = JsonBodies.optionalObject(root, "metadata").map(JsonBodies::freeForm)
        .orElse(Map.of());
    return new NewMessageRequest(content, metadata);
  }
}
