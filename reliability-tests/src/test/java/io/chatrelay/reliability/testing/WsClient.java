package io.chatrelay.reliability.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A browser's WebSocket to one session, on the JDK client: it sends the cookie and an {@code Origin} (the page's own
 * unless told otherwise), keeps every frame it receives, and records how the socket ended.
 */
public final class WsClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile long closedNanos;
  private WebSocket socket;

  /** The outcome of a handshake: a socket, or the status it was refused with. */
  public record Handshake(WsClient client, int refusedStatus, String refusedBody, String retryAfter) {
    public boolean upgraded() {
      return client != null;
    }
  }

  public static URI uri(String baseUrl, String sessionId, Long lastSeq) {
    String query = lastSeq == null ? "" : "?lastSeq=" + lastSeq;
    return URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/sessions/" + sessionId + "/ws" + query);
  }

  /** Opens a socket as the page of {@code baseUrl} would; fails if refused. */
  public static WsClient open(String baseUrl, String sessionId, String cookie, Long lastSeq) {
    return open(uri(baseUrl, sessionId, lastSeq), Map.of("Cookie", "session=" + cookie, "Origin", baseUrl));
  }

  /** Opens a socket with exactly these headers; fails if refused. */
  public static WsClient open(URI uri, Map<String, String> headers) {
    Handshake handshake = attempt(uri, headers);
    if (!handshake.upgraded()) {
      throw new AssertionError("handshake refused with " + handshake.refusedStatus() + " "
          + handshake.refusedBody());
    }
    return handshake.client();
  }

  /** Tries a handshake with exactly these headers (no Origin unless given). */
  public static Handshake attempt(URI uri, Map<String, String> headers) {
    WsClient client = new WsClient();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    headers.forEach(builder::header);
    try {
      client.socket = builder.buildAsync(uri, client.new Listener()).get(20, TimeUnit.SECONDS);
      return new Handshake(client, 0, null, null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        Object body = refused.getResponse().body();
        return new Handshake(null, refused.getResponse().statusCode(), body == null ? null : body.toString(),
            refused.getResponse().headers().firstValue("Retry-After").orElse(null));
      }
      throw new AssertionError("handshake failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError("handshake took more than 20 s", e);
    }
  }

  public void send(String clientId, String content) {
    sendRaw("{\"id\":\"" + clientId + "\",\"type\":\"message\",\"content\":" + Browser.quote(content) + "}");
  }

  /** Sends any text as one frame; false when the socket is already closed. */
  public boolean sendRaw(String text) {
    try {
      socket.sendText(text, true).join();
      return true;
    } catch (CompletionException | IllegalStateException e) {
      return false;
    }
  }

  /** The next frame that matches, dropping the others; fails after {@code timeout}. */
  public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) {
    JsonNode frame = poll(wanted, timeout);
    if (frame == null) {
      throw new AssertionError("no matching frame within " + timeout + "; closed=" + closeCode());
    }
    return frame;
  }

  /** The next frame that matches, or null after {@code timeout}. */
  public JsonNode poll(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        JsonNode frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (frame == null) {
          return null;
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

  /** Every frame received since the socket opened, in order. */
  public List<JsonNode> received() {
    return new ArrayList<>(received);
  }

  public static Predicate<JsonNode> ofType(String type) {
    return frame -> type.equals(frame.path("type").asText());
  }

  public static Predicate<JsonNode> answerTo(String clientId) {
    return frame -> clientId.equals(frame.path("id").asText())
        && ("ack".equals(frame.path("type").asText()) || "error".equals(frame.path("type").asText()));
  }

  /** The close code (1006 when the connection just dropped), or null while open. */
  public Integer closeCode() {
    return closed.getNow(null);
  }

  public CompletableFuture<Integer> closed() {
    return closed;
  }

  /** When the close was seen ({@link System#nanoTime()}), 0 while open. */
  public long closedNanos() {
    return closedNanos;
  }

  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // closing anyway
      }
    }
    if (socket != null) {
      socket.abort();
    }
  }

  private void ended(int code) {
    if (closedNanos == 0) {
      closedNanos = System.nanoTime();
    }
    closed.complete(code);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(partial.toString());
          received.add(frame);
          frames.add(frame);
        } catch (IOException e) {
          frames.add(JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString()));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      ended(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      ended(1006);
    }
  }
}
