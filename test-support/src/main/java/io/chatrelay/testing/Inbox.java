package io.chatrelay.testing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the JDK's client hands a {@link JsonSocket}: whole text frames parsed, in order, queued for the test to take
 * and kept for a look back; pongs; and how and when the socket ended.
 */
final class Inbox implements WebSocket.Listener {

  // As strict as the product's own reader: a duplicate key or text after the value is the server's bug to see.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
  final CompletableFuture<JsonSocket.Closed> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile long closedNanos;

  /** When the end was seen ({@link System#nanoTime()}), 0 while open. */
  long closedNanos() {
    return closedNanos;
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      arrived(partial.toString());
      partial.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    // A copy: the client may reuse its buffer once this returns.
    pongs.add(ByteBuffer.allocate(message.remaining()).put(message).flip());
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    ended(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    ended(JsonSocket.ABNORMAL_CLOSURE, String.valueOf(error));
  }

  private void arrived(String text) {
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (IOException e) {
      // Queued rather than thrown: a test expecting a frame then fails on what the server really sent.
      frame = JSON.createObjectNode().put("type", "unparseable").put("text", text);
    }
    received.add(frame);
    frames.add(frame);
  }

  private void ended(int code, String reason) {
    if (closedNanos == 0) {
      closedNanos = System.nanoTime();
    }
    closed.complete(new JsonSocket.Closed(code, reason));
  }
}
