package io.chatrelay.edge.live;

import io.chatrelay.edge.live.internal.Connections;
import io.chatrelay.edge.live.internal.LiveMetrics;
import java.util.Objects;

/** The browser WebSockets open on this edge instance. */
public final class LiveSockets {

  private final Connections connections;
  private final LiveMetrics metrics;

  LiveSockets(Connections connections, LiveMetrics metrics) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Closes the sockets on this instance opened with one sign-in (the id in its cookie) with 1000 "signed out", as
   * signing out must: they stop at once receiving events and accepting messages, the close frames go out right away,
   * and a browser that does not answer its close frame is disconnected within a second. The user's other sign-ins
   * keep theirs.
   *
   * @return how many sockets were closed
   */
  public int closeSignIn(String signInId) {
    return connections.closeSignIn(Objects.requireNonNull(signInId, "signInId"), 1000, "signed out", "signed_out");
  }

  /** Sockets open and not closing. */
  public int open() {
    return connections.open();
  }

  /** Bytes handed to sockets and not yet written to the network, all sockets together. */
  public long queuedBytes() {
    return metrics.queuedBytes();
  }
}
