package io.chatrelay.bench.internal;

import java.util.List;

/** How the {@code rest} scenario runs in each mode. */
public record RestSettings(List<Integer> clientCounts, int seconds, List<Integer> historySizes, int historyRequests,
    int historyClients, int historySeconds, int concurrentPosts, List<Integer> producerThreads,
    int producerSeconds, int warmupSeconds) {

  /** The concurrency the POST target is stated for. */
  static final int TARGET_CLIENTS = 16;

  public static RestSettings of(Mode mode) {
    return switch (mode) {
      case SMOKE -> new RestSettings(List.of(4), 1, List.of(100), 50, 4, 1, 50, List.of(4), 1, 1);
      case QUICK -> new RestSettings(List.of(TARGET_CLIENTS), 4, List.of(1_000), 300, 16, 2, 200,
          List.of(TARGET_CLIENTS), 3, 3);
      case FULL -> new RestSettings(List.of(1, 4, TARGET_CLIENTS, 64), 15, List.of(1_000, 10_000), 2_000, 16, 10,
          200, List.of(1, 4, TARGET_CLIENTS, 64), 10, 120);
    };
  }
}
