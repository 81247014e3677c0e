package io.chatrelay.launcher.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A browser's WebSocket to a session, as far as the edge can tell: it sends the cookie and the page's Origin. */
public final class LiveSocket implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private LiveSocket(String baseUrl, String sessionId, String cookie, Long lastSeq) {
    String query = lastSeq == null ? "" : "?lastSeq=" + lastSeq;
    URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/sessions/" + sessionId + "/ws" + query);
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Cookie", "session=" + cookie)
        .header("Origin", baseUrl)
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new Listener()).join();
  }

  public static LiveSocket open(String baseUrl, String sessionId, String cookie) {
    return new LiveSocket(baseUrl, sessionId, cookie, null);
  }

  public static LiveSocket resume(String baseUrl, String sessionId, String cookie, long lastSeq) {
    return new LiveSocket(baseUrl, sessionId, cookie, lastSeq);
  }

  public void send(String clientId, String content) {
    socket.sendText("{\"id\":\"" + clientId + "\",\"type\":\"message\",\"content\":\"" + content + "\"}", true)
        .join();
  }

  /** The next frame that matches, dropping the others; fails after {@code timeout}. */
  public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        JsonNode frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (frame == null) {
          throw new AssertionError("no matching frame within " + timeout);
        }
        if (wanted.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every frame received so far and not yet taken. */
  public List<JsonNode> drain() {
    List<JsonNode> out = new java.util.ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  public static Predicate<JsonNode> ofType(String type) {
    return frame -> type.equals(frame.path("type").asText());
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          frames.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }
  }
}
