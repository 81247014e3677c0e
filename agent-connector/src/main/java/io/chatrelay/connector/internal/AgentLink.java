package io.chatrelay.connector.internal;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's connection to its agent: opened when a message needs it, reused for the next one, closed when the
 * session idles, replaced after it ends. Reports readable frames and the loss of the connection to its owner; a
 * socket it has let go of (discarded, closed, or superseded) is never heard from again. Session loop only.
 */
final class AgentLink implements AgentSocket.Handler {

  /** What the owner hears, on the session loop. */
  interface Listener {
    void onFrame(AgentFrame frame);

    /** The open connection ended without being asked to. */
    void onLinkLost(String reason);

    /** The agent sent a frame above the cap; the connection is gone. */
    void onFrameTooLarge(long bytes);
  }

  private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);

  private final String sessionId;
  private final String userId;
  private final URI endpoint;
  private final SessionContext ctx;
  private final Listener listener;
  private AgentSocket socket;
  private long generation;

  AgentLink(String sessionId, String userId, URI endpoint, SessionContext ctx, Listener listener) {
    this.sessionId = sessionId;
    this.userId = userId;
    this.endpoint = endpoint;
    this.ctx = ctx;
    this.listener = listener;
  }

  /**
   * Sends one frame, connecting first when there is no socket. Completes on the session loop; fails when the
   * agent cannot be reached or the frame cannot be written.
   */
  CompletableFuture<Void> send(String frame) {
    CompletableFuture<AgentSocket> ready = socket != null ? CompletableFuture.completedFuture(socket) : open();
    return ready.thenCompose(s -> s.send(frame)).whenCompleteAsync((v, error) -> { }, ctx.loop().executor());
  }

  private CompletableFuture<AgentSocket> open() {
    long expected = ++generation;
    return AgentSocket.open(ctx.http(), endpoint, sessionId, userId, ctx.config(), ctx.loop(), this)
        .thenApplyAsync(opened -> {
          if (expected != generation) {
            opened.abort(); // discarded while connecting: nobody wants this socket any more
            throw new IllegalStateException("agent connection was given up while it was being opened");
          }
          LOG.debug("sessionId={} agent socket open to {}", sessionId, UrlMask.masked(endpoint));
          socket = opened;
          return opened;
        }, ctx.loop().executor());
  }

  /** Drops the connection at once; a late answer on it must not be taken for the answer to a later message. */
  void discard() {
    generation++;
    if (socket != null) {
      socket.abort();
      socket = null;
    }
  }

  /** Closes an idle connection politely. */
  void close(String reason) {
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
