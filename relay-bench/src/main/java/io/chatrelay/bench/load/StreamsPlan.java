package io.chatrelay.bench.load;

/**
 * What the load generator's {@code streams} task does: every client asks for a streamed answer of {@code tokens}
 * words once per {@code periodMillis}, open loop (client {@code i % clients} sends message {@code i}, due at
 * {@code start + i * periodMillis / clients}), first in a warm-up, then in a measured phase of streamed answers
 * ({@code /stream}) and one of the same answers sent whole ({@code /long}).
 *
 * @param baseUrl the edge's {@code http://host:port}
 * @param clients browser-like WebSocket clients, each its own user with its own session
 * @param tokens words per answer
 * @param periodMillis how often each client asks: a little longer than an answer takes to stream
 * @param warmupSeconds a streamed phase whose figures are not reported (its answers are still checked)
 * @param seconds each measured phase's sending time
 * @param settleSeconds from a phase's start to the start of its steady state, where its CPU, deltas and answers per
 *     second are measured (until its last send)
 * @param drainSeconds how long the answers may fall silent after a phase before the missing ones count as lost
 * @param runId makes user ids unique per run
 */
public record StreamsPlan(String baseUrl, int clients, int tokens, long periodMillis, int warmupSeconds,
    int seconds, int settleSeconds, int drainSeconds, String runId) {

  public StreamsPlan {
    if (settleSeconds >= seconds) {
      throw new IllegalArgumentException("a phase of " + seconds + " s leaves no steady state after " + settleSeconds
          + " s of settling");
    }
  }

  /** Questions per second, all clients together. */
  public double rate() {
    return clients * 1000.0 / periodMillis;
  }
}
