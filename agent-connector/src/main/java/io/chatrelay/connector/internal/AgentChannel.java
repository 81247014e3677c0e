package io.chatrelay.connector.internal;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A session's line to its agent, as its worker uses it: {@link AgentLink} over a WebSocket when running, a stand-in
 * that answers in memory in the unit tests. Session loop only.
 */
public interface AgentChannel {

  /** Opens the line of one session; it reports to {@code listener}, on the session loop. */
  @FunctionalInterface
  interface Opener {
    AgentChannel open(String sessionId, String userId, URI endpoint, Listener listener);
  }

  /** What the owner hears, on the session loop. */
  interface Listener {
    void onFrame(AgentFrame frame);

    /** The open connection ended without being asked to. */
    void onLinkLost(String reason);

    /** The agent sent a frame above the cap; the connection is gone. */
    void onFrameTooLarge(long bytes);
  }

  /**
   * Sends one frame, connecting first when there is no connection. Completes on the session loop; fails when the
   * agent cannot be reached or the frame cannot be written.
   */
  CompletableFuture<Void> send(String frame);

  /** Drops the connection at once; a late answer on it must not be taken for the answer to a later message. */
  void discard();

  /** Closes an idle connection politely. */
  void close(String reason);
}
