package io.chatrelay.bench.load;

import java.util.List;

/**
 * What the load generator's {@code rest} task does.
 *
 * @param clientCounts closed-loop clients for session creation and message POST, one measurement per count
 * @param seconds length of each of those measurements
 * @param opsUrl the edge's ops listener, whose {@code /metrics} the run reads its timers from
 * @param historySizes sessions of this many history entries (user messages and replies) to read back
 * @param historyRequests sequential {@code GET .../messages?limit=100} per session size, one client
 * @param historyClients concurrent readers for the throughput figure of the same GET
 * @param concurrentPosts POSTs started at once into one session, all of which must be stored, in order
 * @param warmupSeconds POSTs and history reads from 16 clients before anything is measured, so the figures are
 *     not the JIT's (C2 compiles for minutes after the product starts)
 */
public record RestPlan(String baseUrl, String opsUrl, String runId, List<Integer> clientCounts, int seconds,
    List<Integer> historySizes, int historyRequests, int historyClients, int historySeconds, int concurrentPosts,
    int warmupSeconds) {

  public RestPlan {
    clientCounts = List.copyOf(clientCounts);
    historySizes = List.copyOf(historySizes);
  }
}
