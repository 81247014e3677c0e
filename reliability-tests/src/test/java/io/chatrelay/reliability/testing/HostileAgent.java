package io.chatrelay.reliability.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An agent endpoint whose behaviour a test chooses: answer like an agent, answer with markup, answer garbage, or
 * accept and never answer. It counts how often each message (by frame id, the user message's event id) was sent
 * to it, so duplicate calls are visible.
 */
public final class HostileAgent implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the agent says to one message frame: the text frames to send back (none: silence). */
  @FunctionalInterface
  public interface Behaviour {
    List<String> answer(JsonNode frame);
  }

  /** Answers each message once, echoing it. */
  public static final Behaviour ECHO = frame -> List.of(response(frame, "echo: " + frame.path("content").asText()));
  /** Accepts the message and never answers (not even an error). */
  public static final Behaviour SILENT = frame -> List.of();

  private final Undertow server;
  private final int port;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour = ECHO;
  private volatile Consumer<JsonNode> onCall = frame -> { };
  private volatile Consumer<JsonNode> onAnswered = frame -> { };
  private volatile Function<JsonNode, Duration> delay = frame -> Duration.ZERO;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "hostile-agent-timer");
    thread.setDaemon(true);
    return thread;
  });

  public HostileAgent() {
    server = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setIoThreads(1)
        .setWorkerThreads(2)
        .setHandler(Handlers.websocket((exchange, channel) -> {
          connections.incrementAndGet();
          String authorization = exchange.getRequestHeader("Authorization");
          authorizations.add(authorization == null ? "" : authorization);
          channel.getReceiveSetter().set(new Receiver());
          channel.resumeReceives();
        }))
        .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  public String url() {
    return "ws://127.0.0.1:" + port + "/ws";
  }

  public int port() {
    return port;
  }

  public HostileAgent behave(Behaviour next) {
    behaviour = next;
    return this;
  }

  /** Called with each message frame before it is answered (on an I/O thread: do not block long). */
  public HostileAgent onCall(Consumer<JsonNode> hook) {
    onCall = hook;
    return this;
  }

  /** Called with each message frame once its answers are written. */
  public HostileAgent onAnswered(Consumer<JsonNode> hook) {
    onAnswered = hook;
    return this;
  }

  /** How long to wait before answering each frame. */
  public HostileAgent delay(Function<JsonNode, Duration> wait) {
    delay = wait;
    return this;
  }

  /** Back to answering at once with an echo, no hooks. */
  public HostileAgent reset() {
    behaviour = ECHO;
    onCall = frame -> { };
    onAnswered = frame -> { };
    delay = frame -> Duration.ZERO;
    return this;
  }

  /** Times the message with this frame id was sent here. */
  public int calls(String frameId) {
    AtomicInteger count = calls.get(frameId);
    return count == null ? 0 : count.get();
  }

  /** Frame ids sent here more than once. */
  public long duplicateCalls() {
    return calls.values().stream().filter(c -> c.get() > 1).mapToLong(c -> c.get() - 1).sum();
  }

  public int connections() {
    return connections.get();
  }

  /** The {@code Authorization} header of every handshake so far, in order ("" when absent). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** The first message frame sent here with this content, as it arrived; null when none did. */
  public JsonNode frameWithContent(String content) {
    return received.stream().filter(f -> content.equals(f.path("content").asText())).findFirst().orElse(null);
  }

  /** A well-formed {@code response} frame answering {@code frame}. */
  public static String response(JsonNode frame, String content) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", UUID.randomUUID().toString());
    out.put("type", "response");
    out.put("content", content);
    out.put("timestamp", Instant.now().toString());
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("agentType", frame.path("metadata").path("agentType").asText("TradeBodyRep"));
    metadata.put("confidence", 0.5);
    metadata.put("processingTime", 1);
    metadata.put("inReplyTo", frame.path("id").asText());
    return out.toString();
  }

  private final class Receiver extends AbstractReceiveListener {
    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) throws IOException {
      JsonNode frame;
      try {
        frame = JSON.readTree(message.getData());
      } catch (IOException e) {
        return;
      }
      calls.computeIfAbsent(frame.path("id").asText(), id -> new AtomicInteger()).incrementAndGet();
      received.add(frame);
      onCall.accept(frame);
      List<String> answers = behaviour.answer(frame);
      Duration wait = delay.apply(frame);
      if (wait.isZero()) {
        answer(channel, frame, answers);
      } else {
        timer.schedule(() -> answer(channel, frame, answers), wait.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    private void answer(WebSocketChannel channel, JsonNode frame, List<String> answers) {
      if (answers.isEmpty()) {
        return;
      }
      for (int i = 0; i < answers.size() - 1; i++) {
        WebSockets.sendText(answers.get(i), channel, null);
      }
      WebSockets.sendText(answers.get(answers.size() - 1), channel, new WebSocketCallback<Void>() {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
          onAnswered.accept(frame);
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable error) {
          // the connector is gone; nothing was answered
        }
      });
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    server.stop();
  }
}
