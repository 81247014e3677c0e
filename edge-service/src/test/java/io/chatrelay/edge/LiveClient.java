package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A browser's WebSocket to the edge, as the JDK's client opens it: it sends Origin and the session cookie. */
final class LiveClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** How the server closed the socket. */
  record Closed(int code, String reason) {}

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private LiveClient() {}

  static String path(String sessionId) {
    return "/api/v1/sessions/" + sessionId + "/ws";
  }

  /** Opens the session's socket as a page of {@code base}'s own origin would. */
  static LiveClient open(URI base, String cookie, String sessionId) {
    return connect(base, path(sessionId), cookie, origin(base));
  }

  /** Opens the socket asking for everything after {@code lastSeq} first. */
  static LiveClient resume(URI base, String cookie, String sessionId, long lastSeq) {
    return connect(base, path(sessionId) + "?lastSeq=" + lastSeq, cookie, origin(base));
  }

  static String origin(URI base) {
    return base.getScheme() + "://" + base.getAuthority();
  }

  /** @param origin the Origin header, or null to send none */
  static LiveClient connect(URI base, String pathAndQuery, String cookie, String origin) {
    LiveClient client = new LiveClient();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (cookie != null) {
      builder.header("Cookie", "session=" + cookie);
    }
    if (origin != null) {
      builder.header("Origin", origin);
    }
    URI uri = URI.create("ws://" + base.getAuthority() + pathAndQuery);
    client.socket = join(builder.buildAsync(uri, client.new Listener()));
    return client;
  }

  /** The status the handshake was refused with; fails if the socket opened. */
  static int refusedStatus(URI base, String pathAndQuery, String cookie, String origin) {
    try {
      LiveClient opened = connect(base, pathAndQuery, cookie, origin);
      opened.close();
      throw new AssertionError("the handshake was accepted");
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }

  void send(String text) {
    join(socket.sendText(text, true));
  }

  void sendBinary(java.nio.ByteBuffer data) {
    join(socket.sendBinary(data, true));
  }

  void sendMessage(String id, String content) {
    send("{\"id\":\"" + id + "\",\"type\":\"message\",\"content\":\"" + content + "\"}");
  }

  /** The next frame; fails when none comes in time. */
  JsonNode next() {
    try {
      JsonNode frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + WAIT.toSeconds() + " s");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Frames until one matches, returning all of them (the match last). */
  List<JsonNode> until(Predicate<JsonNode> last) {
    List<JsonNode> seen = new ArrayList<>();
    while (true) {
      JsonNode frame = next();
      seen.add(frame);
      if (last.test(frame)) {
        return seen;
      }
    }
  }

  /** Whatever frames arrive within {@code quiet}. */
  List<JsonNode> drain(Duration quiet) throws InterruptedException {
    List<JsonNode> seen = new ArrayList<>();
    JsonNode frame;
    while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
      seen.add(frame);
    }
    return seen;
  }

  Closed awaitClosed() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the socket did not close cleanly", e);
    }
  }

  boolean isClosed() {
    return closed.isDone();
  }

  static JsonNode ack(JsonNode frame, String id) {
    assertThat(frame.get("type").asText()).as("frame %s", frame).isEqualTo("ack");
    assertThat(frame.get("id").asText()).isEqualTo(id);
    return frame;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT.toSeconds() + " s", e);
    }
  }

  private final class Listener implements WebSocket.Listener {

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          frames.add(Json.mapper().readTree(partial.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException("the server sent a frame that is not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
