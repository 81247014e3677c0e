package io.chatrelay.connector.internal;

import io.chatrelay.connector.ConnectorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's WebSocket to the agent, on the JDK's client. Everything it reports (frames, its end) arrives on
 * the session loop, so its owner needs no locks. It keeps itself honest with a ping every heartbeat: a socket that
 * has not answered the previous ping when the next one is due is declared dead and aborted, because a half-open
 * TCP connection otherwise looks healthy until a reply times out.
 */
public final class AgentSocket {

  /** What the owner hears; always called on the session loop. */
  public interface Handler {
    void onFrame(AgentSocket socket, String text);

    /** The socket ended (closed by the agent, failed, or missed a heartbeat); called at most once. */
    void onClosed(AgentSocket socket, String reason);

    /** The agent sent a text frame above the cap; the socket is already aborted. Called instead of onClosed. */
    void onFrameTooLarge(AgentSocket socket, long bytes);
  }

  private static final Logger LOG = LoggerFactory.getLogger(AgentSocket.class);
  private static final ByteBuffer PING = ByteBuffer.allocate(0);

  private final String sessionId;
  private final TaskLoop loop;
  private final Handler handler;
  private final int maxFrameBytes;
  private volatile WebSocket webSocket;
  private ScheduledFuture<?> heartbeat;
  private boolean awaitingPong;
  private boolean ended;

  private AgentSocket(String sessionId, TaskLoop loop, Handler handler, int maxFrameBytes) {
    this.sessionId = sessionId;
    this.loop = loop;
    this.handler = handler;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Opens a socket to {@code endpoint} announcing the session and user, as the agent protocol asks, and the
   * bearer token when one is configured. The reply timeout bounds the handshake too.
   */
  public static CompletableFuture<AgentSocket> open(HttpClient client, URI endpoint, String sessionId,
      String userId, ConnectorConfig config, TaskLoop loop, Handler handler) {
    AgentSocket socket = new AgentSocket(sessionId, loop, handler, config.policy().maxFrameBytes());
    Duration heartbeatInterval = config.heartbeat();
    WebSocket.Builder builder = client.newWebSocketBuilder()
        .header("X-Session-ID", sessionId)
        .header("X-User-ID", userId)
        .connectTimeout(config.replyTimeout());
    config.policy().bearerToken().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    return builder
        .buildAsync(endpoint, socket.new Listener())
        .thenApplyAsync(ws -> {
          socket.webSocket = ws;
          socket.heartbeat = loop.scheduleAtFixedRate(socket::beat, heartbeatInterval);
          return socket;
        }, loop.executor());
  }

  /** Sends one whole text frame. */
  public CompletableFuture<Void> send(String text) {
    if (ended) {
      return CompletableFuture.failedFuture(new IllegalStateException("agent socket already ended"));
    }
    try {
      return webSocket.sendText(text, true).thenApply(ws -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Closes politely (the agent sees a normal closure); the owner is not told, it asked for this. */
  public void close(String reason) {
    if (end()) {
      LOG.debug("closing agent socket sessionId={} reason={}", sessionId, reason);
      webSocket.sendClose(WebSocket.NORMAL_CLOSURE, reason)
          .orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
          .whenComplete((ws, err) -> webSocket.abort());
    }
  }

  /** Drops the connection at once, e.g. after a timeout, so nothing more is read from it. */
  public void abort() {
    if (end()) {
      webSocket.abort();
    }
  }

  /** Runs on the loop: the previous ping unanswered means the socket is dead; otherwise ping again. */
  private void beat() {
    if (ended) {
      return;
    }
    if (awaitingPong) {
      LOG.warn("agent socket sessionId={} missed a heartbeat; replacing it", sessionId);
      abort();
      handler.onClosed(this, "no pong within the heartbeat interval");
      return;
    }
    awaitingPong = true;
    webSocket.sendPing(PING.duplicate()).exceptionally(err -> {
      loop.execute(() -> remoteEnd("ping failed: " + err.getMessage()));
      return null;
    });
  }

  private boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    return webSocket != null;
  }

  private void remoteEnd(String reason) {
    if (!ended) {
      end();
      if (webSocket != null) {
        webSocket.abort();
      }
      handler.onClosed(this, reason);
    }
  }

  private void tooLarge(long bytes) {
    if (!ended) {
      end();
      webSocket.abort();
      handler.onFrameTooLarge(this, bytes);
    }
  }

  /** UTF-8 length without encoding: what the frame cost on the wire, counted as it arrives. */
  static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  /** The JDK's callbacks; each one hops onto the session loop before touching state. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private long partialBytes;
    private boolean overflowed;

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (overflowed) {
        return null;
      }
      // Counted per fragment, before it is kept: a frame without end must not grow the heap without end.
      partialBytes += utf8Length(data);
      if (partialBytes > maxFrameBytes) {
        overflowed = true;
        long bytes = partialBytes;
        partial.setLength(0);
        partial.trimToSize();
        LOG.warn("agent socket sessionId={} sent a text frame over {} bytes; closing it", sessionId, maxFrameBytes);
        // Queued before the abort, so the owner hears "too large" and not the connection's end it causes.
        loop.execute(() -> tooLarge(bytes));
        ws.abort();
        return null;
      }
      partial.append(data);
      if (last) {
        partialBytes = 0;
        String text = partial.toString();
        partial.setLength(0);
        loop.execute(() -> {
          if (!ended) {
            handler.onFrame(AgentSocket.this, text);
          }
        });
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      loop.execute(() -> awaitingPong = false);
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      loop.execute(() -> remoteEnd("closed by the agent with code " + statusCode));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      loop.execute(() -> remoteEnd("failed: " + error.getClass().getSimpleName() + ": " + error.getMessage()));
    }
  }
}
