package io.chatrelay.bench.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.websockets.client.WebSocketClient;
import io.undertow.websockets.client.WebSocketClientNegotiation;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.xnio.IoFuture;
import org.xnio.IoUtils;

/** One browser connection of the direct relay and the agent connection it opened for it. */
final class RelayedSession {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocketChannel browser;
  private final String sessionId;
  private final List<String> waiting = new ArrayList<>();
  private WebSocketChannel agent;
  private long seq;

  private RelayedSession(WebSocketChannel browser, String sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
  }

  static void start(WebSocketChannel browser, String sessionId, URI agentUrl) {
    RelayedSession session = new RelayedSession(browser, sessionId);
    browser.getReceiveSetter().set(new AbstractReceiveListener() {
      @Override
      protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        session.fromBrowser(message.getData());
      }
    });
    browser.resumeReceives();
    WebSocketClient.connectionBuilder(browser.getWorker(), browser.getBufferPool(), agentUrl)
        .setClientNegotiation(new WebSocketClientNegotiation(null, null) {
          @Override
          public void beforeRequest(Map<String, List<String>> headers) {
            headers.put("X-Session-ID", List.of(sessionId));
            headers.put("X-User-ID", List.of("direct-" + sessionId));
          }
        })
        .connect().addNotifier(new IoFuture.HandlingNotifier<WebSocketChannel, Void>() {
          @Override
          public void handleDone(WebSocketChannel channel, Void attachment) {
            session.linked(channel);
          }

          @Override
          public void handleFailed(IOException exception, Void attachment) {
            IoUtils.safeClose(browser);
          }
        }, null);
    browser.addCloseTask(channel -> session.browserGone());
  }

  private synchronized void linked(WebSocketChannel channel) {
    agent = channel;
    channel.getReceiveSetter().set(new AbstractReceiveListener() {
      @Override
      protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
        fromAgent(message.getData());
      }
    });
    channel.resumeReceives();
    waiting.forEach(frame -> WebSockets.sendText(frame, channel, null));
    waiting.clear();
  }

  private synchronized void browserGone() {
    if (agent != null) {
      IoUtils.safeClose(agent);
    }
  }

  private void fromBrowser(String text) {
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    String clientId = frame.path("id").asText();
    String eventId = UUID.randomUUID().toString();
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    ObjectNode toAgent = JSON.createObjectNode().put("id", eventId).put("type", "message")
        .put("content", frame.path("content").asText()).put("timestamp", now);
    toAgent.putObject("metadata").put("agentType", "BankRep");
    String forAgent = toAgent.toString();
    synchronized (this) {
      long mine = ++seq;
      send(browser, JSON.createObjectNode().put("type", "ack").put("id", clientId).put("seq", mine));
      ObjectNode echo = JSON.createObjectNode().put("type", "message").put("id", eventId).put("role", "user")
          .put("content", frame.path("content").asText()).put("timestamp", now).put("seq", mine);
      echo.set("metadata", frame.path("metadata").isObject() ? frame.get("metadata") : JSON.createObjectNode());
      send(browser, echo);
      if (agent == null) {
        waiting.add(forAgent);
      } else {
        WebSockets.sendText(forAgent, agent, null);
      }
    }
  }

  private void fromAgent(String text) {
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    String type = frame.path("type").asText();
    if (!"response".equals(type) && !"error".equals(type)) {
      return;
    }
    synchronized (this) {
      ObjectNode out = JSON.createObjectNode().put("type", type).put("id", frame.path("id").asText())
          .put("role", "response".equals(type) ? "assistant" : "system")
          .put("content", frame.path("content").asText()).put("timestamp", frame.path("timestamp").asText())
          .put("seq", ++seq);
      out.set("metadata", frame.path("metadata"));
      send(browser, out);
    }
  }

  private static void send(WebSocketChannel channel, ObjectNode frame) {
    WebSockets.sendText(frame.toString(), channel, null);
  }
}
