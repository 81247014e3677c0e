package io.chatrelay.connector.internal;

import io.chatrelay.connector.ConnectorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's connection to its agent: opened when a message needs it, reused for the next one, closed when the
 * session idles, replaced after it ends. Reports readable frames and the loss of the connection to its owner; a
 * socket it has let go of (discarded, closed, or superseded) is never heard from again. Session loop only.
 */
final class AgentLink implements AgentChannel, AgentSocket.Handler {

  private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);

  private final String sessionId;
  private final String userId;
  private final URI endpoint;
  private final HttpClient http;
  private final ConnectorConfig config;
  private final TaskLoop loop;
  private final Listener listener;
  private AgentSocket socket;
  private long generation;

  private AgentLink(String sessionId, String userId, URI endpoint, HttpClient http, ConnectorConfig config,
      TaskLoop loop, Listener listener) {
    this.sessionId = sessionId;
    this.userId = userId;
    this.endpoint = endpoint;
    this.http = http;
    this.config = config;
    this.loop = loop;
    this.listener = listener;
  }

  /** Links that open WebSockets with {@code http}. */
  static AgentChannel.Opener opener(HttpClient http, ConnectorConfig config, TaskLoop loop) {
    return (sessionId, userId, endpoint, listener) ->
        new AgentLink(sessionId, userId, endpoint, http, config, loop, listener);
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    CompletableFuture<AgentSocket> ready = socket != null ? CompletableFuture.completedFuture(socket) : open();
    return ready.thenCompose(s -> s.send(frame)).whenCompleteAsync((v, error) -> { }, loop.executor());
  }

  private CompletableFuture<AgentSocket> open() {
    long expected = ++generation;
    return AgentSocket.open(http, endpoint, sessionId, userId, config, loop, this)
        .thenApplyAsync(opened -> {
          if (expected != generation) {
            opened.abort(); // discarded while connecting: nobody wants this socket any more
            throw new IllegalStateException("agent connection was given up while it was being opened");
          }
          LOG.debug("sessionId={} agent socket open to {}", sessionId, UrlMask.masked(endpoint));
          socket = opened;
          return opened;
        }, loop.executor());
  }

  @Override
  public void discard() {
    generation++;
    if (socket != null) {
      socket.abort();
      socket = null;
    }
  }

  @Override
  public void close(String reason) {
    generation++;
    if (socket != null) {
      socket.close(reason);
      socket = null;
    }
  }

  @Override
  public void onFrame(AgentSocket from, String text) {
    if (from != socket) {
      return;
    }
    try {
      listener.onFrame(AgentFrame.parse(text));
    } catch (IllegalArgumentException e) {
      LOG.warn("sessionId={} unreadable agent frame dropped: {}", sessionId, e.getMessage());
    }
  }

  @Override
  public void onClosed(AgentSocket from, String reason) {
    if (from != socket) {
      return;
    }
    socket = null;
    LOG.info("sessionId={} agent socket ended: {}", sessionId, reason);
    listener.onLinkLost(reason);
  }

  @Override
  public void onFrameTooLarge(AgentSocket from, long bytes) {
    if (from != socket) {
      return;
    }
    socket = null;
    listener.onFrameTooLarge(bytes);
  }
}
