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
   * Closes every socket of {@code userId} on this instance with 1000 "signed out", as signing out must: they stop
   * at once receiving events and accepting messages, the close frames go out right away, and a browser that does
   * not answer its close frame is disconnected within a second. Sockets on other instances are not affected.
   *
   * @return how many sockets were closed
   */
  public int closeAllForUser(String userId) {
    return connections.closeUser(Objects.requireNonNull(userId, "userId"), 1000, "signed out", "signed_out");
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
