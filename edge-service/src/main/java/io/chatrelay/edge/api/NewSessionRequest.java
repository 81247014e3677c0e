package io.chatrelay.edge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionMetadata;
import java.util.Arrays;
import java.util.Optional;

/**
 * The body of {@code POST /api/v1/sessions}: {@code {userId?, metadata?: {userAgent?, ipAddress?, agentType?}}}.
 *
 * @param userId the user id the client asks to be signed in as (honoured in dev mode only)
 */
public record NewSessionRequest(Optional<String> userId, SessionMetadata metadata) {

  public static NewSessionRequest parse(byte[] body, AgentType defaultAgentType) {
    ObjectNode root = JsonBodies.object(body, true);
    Optional<String> userId = JsonBodies.optionalText(root, "userId").map(RequestRules::requireUserId);
    Optional<ObjectNode> meta = JsonBodies.optionalObject(root, "metadata");
    AgentType agentType = meta.flatMap(m -> JsonBodies.optionalText(m, "agentType"))
        .map(NewSessionRequest::agentType)
        .orElse(defaultAgentType);
    String userAgent = meta.flatMap(m -> JsonBodies.optionalText(m, "userAgent")).map(v -> bounded("userAgent", v))
        .orElse(null);
    String ipAddress = meta.flatMap(m -> JsonBodies.optionalText(m, "ipAddress")).map(v -> bounded("ipAddress", v))
        .orElse(null);
    return new NewSessionRequest(userId, new SessionMetadata(agentType, userAgent, ipAddress));
  }

  private static AgentType agentType(String name) {
    return AgentType.parse(name).orElseThrow(() -> Problem.badRequest(
        "metadata.agentType must be one of " + Arrays.toString(AgentType.values()) + "."));
  }

  private static String bounded(String name, String value) {
    if (value.length() > RequestRules.MAX_METADATA_TEXT) {
      throw Problem.badRequest("metadata." + name + " must be at most " + RequestRules.MAX_METADATA_TEXT
          + " characters.");
    }
    return value;
  }
}
