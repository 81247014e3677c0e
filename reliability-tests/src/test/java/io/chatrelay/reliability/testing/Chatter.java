package io.chatrelay.reliability.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One browser tab chatting over the WebSocket the way the chat page does: it sends a message, waits for its ack,
 * and when told "unavailable" (or when nothing answers) sends the same frame again with the same id; when the
 * socket drops it reconnects, to the next edge in its list if the last one is gone, resuming with the last seq it
 * saw. Everything it was acknowledged, and every event frame it received, is kept for the test to check.
 */
public final class Chatter implements Runnable {

  private static final Duration ANSWER_WAIT = Duration.ofSeconds(12);
  private static final Set<String> EVENT_TYPES = Set.of("message", "response", "error", "status");

  /**
   * A message the edge acknowledged: it says the message is stored at {@code seq}.
   *
   * @param atNanos when the ack arrived, a {@link System#nanoTime()} reading
   */
  public record Acked(String clientId, String content, long seq, long latencyNanos, long atNanos) {}

  private final String label;
  private final List<String> edges;
  private final String cookie;
  private final String sessionId;
  private final BooleanSupplier more;
  private final Duration pause;
  private final List<Acked> acked = new CopyOnWriteArrayList<>();
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private LiveSocket socket;
  private int edgeIndex;
  private long lastSeq = -1;
  private long sent;

  /**
   * @param edges base URLs of the edges to connect to, first one first
   * @param more asked before each new message: false ends the run
   * @param pause between one message's ack and the next message
   */
  public Chatter(String label, List<String> edges, String cookie, String sessionId, BooleanSupplier more,
      Duration pause) {
    this.label = label;
    this.edges = List.copyOf(edges);
    this.cookie = cookie;
    this.sessionId = sessionId;
    this.more = more;
    this.pause = pause;
  }

  @Override
  public void run() {
    try {
      while (!stop.get() && more.getAsBoolean()) {
        String clientId = label + "-" + sent++;
        deliver(clientId, "message " + clientId);
        sleep(pause);
      }
      // Let the last answers arrive before closing.
      sleep(Duration.ofMillis(200));
    } finally {
      if (socket != null) {
        collect();
        socket.close();
      }
    }
  }

  /** Sends one message until it is acknowledged, or gives up after a minute and a half of trying. */
  private void deliver(String clientId, String content) {
    long first = System.nanoTime();
    long deadline = first + Duration.ofSeconds(90).toNanos();
    while (!stop.get() && System.nanoTime() < deadline) {
      if (!connected()) {
        sleep(Duration.ofMillis(300));
        continue;
      }
      long attempt = System.nanoTime();
      if (!socket.sendRaw(LiveSocket.messageFrame(clientId, content))) {
        dropSocket();
        continue;
      }
      JsonNode answer = socket.poll(LiveSocket.answerTo(clientId), ANSWER_WAIT);
      if (answer != null && "ack".equals(answer.path("type").asText())) {
        long now = System.nanoTime();
        acked.add(new Acked(clientId, content, answer.path("seq").asLong(), now - attempt, now));
        return;
      }
      errors.incrementAndGet();
      if (answer == null && socket.closeCode() != null) {
        dropSocket();
      } else {
        sleep(Duration.ofMillis(250));
      }
    }
    gaveUp.add(clientId);
  }

  private boolean connected() {
    if (socket != null && socket.closeCode() == null) {
      return true;
    }
    dropSocket();
    String base = edges.get(edgeIndex % edges.size());
    try {
      socket = lastSeq < 0 ? LiveSocket.open(base, sessionId, cookie)
          : LiveSocket.resume(base, sessionId, cookie, lastSeq);
      return true;
    } catch (AssertionError | RuntimeException e) {
      edgeIndex++; // this edge is gone or refuses: try the next one
      return false;
    }
  }

  private void dropSocket() {
    if (socket != null) {
      collect();
      socket.close();
      socket = null;
      reconnects.incrementAndGet();
    }
  }

  /** Keeps the event frames the socket received and remembers the last seq, for the resume. */
  private void collect() {
    for (JsonNode frame : socket.received()) {
      if (EVENT_TYPES.contains(frame.path("type").asText()) && frame.has("seq")) {
        events.add(frame);
        lastSeq = Math.max(lastSeq, frame.path("seq").asLong());
      }
    }
  }

  public void stop() {
    stop.set(true);
  }

  public String sessionId() {
    return sessionId;
  }

  public List<Acked> acked() {
    return new ArrayList<>(acked);
  }

  public List<String> gaveUp() {
    return new ArrayList<>(gaveUp);
  }

  /** Event frames (message, response, error, status) received over all connections, in order of arrival. */
  public List<JsonNode> events() {
    return new ArrayList<>(events);
  }

  public int errors() {
    return errors.get();
  }

  public int reconnects() {
    return reconnects.get();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
