package io.chatrelay.demoagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A protocol client on the JDK's WebSocket, collecting every frame the agent sends. */
final class AgentClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closedWithCode = new CompletableFuture<>();
  private final WebSocket socket;

  private AgentClient(String url, String sessionId, String userId) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
    if (sessionId != null) {
      builder.header("X-Session-ID", sessionId);
    }
    if (userId != null) {
      builder.header("X-User-ID", userId);
    }
    this.socket = builder.buildAsync(URI.create(url), new Collector()).join();
  }

  static AgentClient connect(String url) {
    return new AgentClient(url, "session-" + UUID.randomUUID(), "user-1");
  }

  /** Throws the handshake failure, wrapped in a CompletionException, when the agent refuses. */
  static AgentClient connect(String url, String sessionId, String userId) {
    return new AgentClient(url, sessionId, userId);
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
    sendRaw(frame.toString());
    return id;
  }

  void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  void sendBinary(ByteBuffer data) {
    socket.sendBinary(data, true).join();
  }

  void ping(String payload) {
    socket.sendPing(ByteBuffer.wrap(payload.getBytes())).join();
  }

  JsonNode next() throws InterruptedException {
    JsonNode frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame from the agent within " + WAIT);
    }
    return frame;
  }

  /** The next frame if one is already waiting, else null. */
  JsonNode pending() {
    return frames.poll();
  }

  ByteBuffer nextPong() throws InterruptedException {
    return pongs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    socket.abort();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          frames.add(MAPPER.readTree(partial.toString()));
        } catch (Exception e) {
          frames.add(MAPPER.createObjectNode().put("unparseable", partial.toString()));
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      pongs.add(message);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closedWithCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closedWithCode.completeExceptionally(error);
    }
  }
}
