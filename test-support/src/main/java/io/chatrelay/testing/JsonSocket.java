package io.chatrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A WebSocket of JSON text frames, on the JDK's own client: it joins partial frames, parses each one, queues it for
 * the test to take and keeps it in order for a look back, and records how and when the socket ended. The browser's
 * socket to the edge ({@link LiveSocket}) and the agent protocol speak alike; a subclass adds only how its client
 * names itself in the handshake and what its message frames look like.
 */
public abstract class JsonSocket implements AutoCloseable {

  /** How long a test waits for a handshake, a frame, a pong or the close before it fails. */
  public static final Duration WAIT = Duration.ofSeconds(15);
  /** The close code for a connection that ended without a close frame (RFC 6455, 7.1.5). */
  public static final int ABNORMAL_CLOSURE = 1006;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** How the socket ended: the server's close frame, or {@link #ABNORMAL_CLOSURE} and the error. */
  public record Closed(int code, String reason) {}

  private final Inbox inbox = new Inbox();
  private volatile WebSocket socket;

  protected JsonSocket() {}

  /**
   * Opens {@code fresh} to {@code uri} with exactly {@code headers}. A refusal is an answer, not a failure; a
   * connection that fails or takes longer than {@link #WAIT} fails the test.
   */
  protected static <S extends JsonSocket> Handshake<S> connect(S fresh, URI uri, Map<String, String> headers) {
    JsonSocket opening = fresh; // private fields are reached through the class, not the type variable
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
    headers.forEach(builder::header);
    try {
      opening.socket = builder.buildAsync(uri, opening.inbox).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return Handshake.upgraded(fresh);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return Handshake.refused(refused.getResponse());
      }
      throw new AssertionError("handshake with " + uri + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError("no handshake answer from " + uri + " within " + WAIT, e);
    }
  }

  /** Sends one text frame; fails when the socket cannot take it. */
  public void send(String text) {
    await(socket.sendText(text, true), "sending a frame");
  }

  /** Sends one text frame for a client that expects the socket may be gone: false when it is. */
  public boolean sendRaw(String text) {
    try {
      send(text);
      return true;
    } catch (CompletionException | IllegalStateException e) {
      return false;
    }
  }

  public void sendBinary(ByteBuffer data) {
    await(socket.sendBinary(data, true), "sending a binary frame");
  }

  public void ping(String payload) {
    await(socket.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))), "sending a ping");
  }

  /** The next frame; fails when none comes within {@link #WAIT}. */
  public JsonNode next() {
    return next(frame -> true, WAIT);
  }

  /** The next frame that matches, dropping the others; fails after {@code timeout}. */
  public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) {
    JsonNode frame = poll(wanted, timeout);
    if (frame == null) {
      throw new AssertionError("no matching frame within " + timeout + "; closed: " + inbox.closed.getNow(null));
    }
    return frame;
  }

  /** The next frame that matches, dropping the others, or null after {@code timeout}. */
  public JsonNode poll(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode frame = take(inbox.frames, Math.max(0, deadline - System.nanoTime()));
      if (frame == null || wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** Frames until one matches, all of them in order with the match last; fails as {@link #next()} does. */
  public List<JsonNode> until(Predicate<JsonNode> last) {
    List<JsonNode> seen = new ArrayList<>();
    JsonNode frame;
    do {
      frame = next();
      seen.add(frame);
    } while (!last.test(frame));
    return seen;
  }

  /** The frames that come until none has for {@code quiet} ({@link Duration#ZERO}: those already here). */
  public List<JsonNode> drain(Duration quiet) {
    List<JsonNode> seen = new ArrayList<>();
    JsonNode frame;
    while ((frame = take(inbox.frames, quiet.toNanos())) != null) {
      seen.add(frame);
    }
    return seen;
  }

  /** Every frame received since the socket opened, in order, whether taken or not. */
  public List<JsonNode> received() {
    return List.copyOf(inbox.received);
  }

  /** The payload of the next pong; fails when none comes within {@link #WAIT}. */
  public ByteBuffer nextPong() {
    ByteBuffer pong = take(inbox.pongs, WAIT.toNanos());
    if (pong == null) {
      throw new AssertionError("no pong within " + WAIT);
    }
    return pong;
  }

  public static Predicate<JsonNode> ofType(String type) {
    return frame -> type.equals(frame.path("type").asText());
  }

  /** The close code, or null while the socket is open. */
  public Integer closeCode() {
    Closed end = inbox.closed.getNow(null);
    return end == null ? null : end.code();
  }

  public boolean isClosed() {
    return inbox.closed.isDone();
  }

  public CompletableFuture<Closed> closed() {
    return inbox.closed;
  }

  /** When the end was seen ({@link System#nanoTime()}), 0 while open. */
  public long closedNanos() {
    return inbox.closedNanos();
  }

  /** How the socket ended; fails when it is still open after {@link #WAIT}. */
  public Closed awaitClosed() {
    try {
      return inbox.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the socket did not close within " + WAIT, e);
    }
  }

  /** Says goodbye if the socket still can, waiting a moment for the frame to go out, then drops the connection. */
  @Override
  public void close() {
    WebSocket open = socket;
    if (open == null) {
      return;
    }
    if (!open.isOutputClosed()) {
      try {
        open.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // dropped below either way
      }
    }
    open.abort();
  }

  private static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " took more than " + WAIT, e);
    }
  }

  private static <T> T take(BlockingQueue<T> queue, long timeoutNanos) {
    try {
      return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
