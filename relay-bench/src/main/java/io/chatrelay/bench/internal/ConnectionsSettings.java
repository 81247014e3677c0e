package io.chatrelay.bench.internal;

/**
 * How the {@code connections} scenario runs in each mode.
 *
 * @param target idle sockets wanted on the one edge (capped by its open files limit)
 * @param pushStride every how many sessions get the pushed message (1: all)
 */
public record ConnectionsSettings(int target, int socketsPerSession, int concurrency, int holdSeconds,
    int pushStride, int pushTimeoutSeconds, String edgeHeap) {

  static final int TARGET = 50_000;
  /** Sockets per load generator process: under its own open files limit, with room for the rest of the JVM. */
  static final int PER_PROCESS = 15_000;

  public static ConnectionsSettings of(Mode mode, Integer target, Integer perSession, Integer pushStride) {
    int t;
    ConnectionsSettings base = switch (mode) {
      case SMOKE -> new ConnectionsSettings(200, 1, 50, 1, 1, 30, "512m");
      case QUICK -> new ConnectionsSettings(2_000, 2, 100, 5, 1, 60, "1g");
      case FULL -> new ConnectionsSettings(TARGET, 1, 200, 30, 1, 300, "1g");
    };
    t = target == null ? base.target() : target;
    return new ConnectionsSettings(t, perSession == null ? base.socketsPerSession() : perSession,
        base.concurrency(), base.holdSeconds(), pushStride == null ? base.pushStride() : pushStride,
        base.pushTimeoutSeconds(), base.edgeHeap());
  }
}
