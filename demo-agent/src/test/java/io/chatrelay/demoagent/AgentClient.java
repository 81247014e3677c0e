package io.chatrelay.demoagent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.testing.Handshake;
import io.chatrelay.testing.JsonSocket;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A client of the agent protocol as the connector is one: it names the session and the user in the handshake and
 * asks in the protocol's message frames.
 */
final class AgentClient extends JsonSocket {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AgentClient() {}

  static AgentClient connect(String url) {
    return attempt(url, "session-" + UUID.randomUUID(), "user-1").opened();
  }

  /** A handshake with these identifying headers; a null one is left out. */
  static Handshake<AgentClient> attempt(String url, String sessionId, String userId) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (sessionId != null) {
      headers.put("X-Session-ID", sessionId);
    }
    if (userId != null) {
      headers.put("X-User-ID", userId);
    }
    return connect(new AgentClient(), URI.create(url), headers);
  }

  /** Sends a message frame shaped exactly like the protocol's client does; returns its id. */
  String ask(String content) {
    return ask(content, null);
  }

  String ask(String content, String agentType) {
    String id = UUID.randomUUID().toString().substring(0, 9);
    ObjectNode frame = MAPPER.createObjectNode()
        .put("id", id).put("type", "message").put("content", content).put("timestamp", Instant.now().toString());
    if (agentType != null) {
      frame.putObject("metadata").put("agentType", agentType);
    }
    send(frame.toString());
    return id;
  }

  /** Asks the agent to stop answering {@code requestId}; a cancel frame needs no id of its own. */
  void cancel(String requestId) {
    send(MAPPER.createObjectNode().put("type", "cancel").put("inReplyTo", requestId).toString());
  }
}
