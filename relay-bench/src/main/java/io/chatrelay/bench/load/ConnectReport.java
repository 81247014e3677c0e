package io.chatrelay.bench.load;

import java.util.List;

/** What one process of the {@code connect} task saw. */
public record ConnectReport(int sessions, double sessionSeconds, int open, int failed, double rampSeconds,
    double handshakesPerSecond, Percentiles handshake, List<Stage> stages, int droppedWhileHeld, Push push,
    List<String> failures) {

  /** A tenth of the ramp: how fast it went and how long handshakes took, with this many sockets already open. */
  public record Stage(int open, double handshakesPerSecond, Percentiles handshake) {}

  /**
   * @param sessions sessions that got a REST message
   * @param sockets sockets of those sessions
   * @param received of those, how many got a pushed frame
   * @param latency from the POST to a socket's first pushed frame
   */
  public record Push(int sessions, int sockets, int received, double seconds, Percentiles latency) {

    public static final Push NONE = new Push(0, 0, 0, 0, Percentiles.NONE);
  }
}
