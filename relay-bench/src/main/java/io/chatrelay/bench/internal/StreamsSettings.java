package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.StreamsPlan;

/**
 * How the {@code streams} scenario runs in each mode.
 *
 * @param clients browsers, each its own user and session, each asking for one long answer per period
 * @param tokens words per answer ({@code /stream N})
 * @param tokensPerSecond the demo agent's streaming pace ({@code DEMO_AGENT_TOKENS_PER_SECOND}; its {@code /stream}
 *     pace of 50 when the product runs with 0, as under {@code bench all})
 * @param warmupSeconds a streamed phase before the measured ones
 * @param seconds each measured phase (streamed, then whole), settle time included
 * @param drainSeconds how long answers may fall silent after a phase before missing ones count as lost
 */
public record StreamsSettings(int clients, int tokens, int tokensPerSecond, int warmupSeconds, int seconds,
    int drainSeconds) {

  /**
   * The pace a standalone run gives the demo agent. The connector writes a chunk per 40 ms window at most, so below
   * 25 words a second every word is a chunk of its own, a record in the log and a frame to the browser: 1,000
   * streams at 2 words/s are 2,000 chunks a second, on top of the questions and answers, about what this 2-core
   * machine carries with the broker, the services, the agent and the load generator on it (1,000 exchanges a second
   * are 2,000 records; at 20 words/s, 20,000 chunks a second, the product fell minutes behind).
   */
  public static final int DEFAULT_TOKENS_PER_SECOND = 2;
  /** Smoke runs only prove the harness: short answers at the demo agent's own {@code /stream} pace. */
  public static final int SMOKE_TOKENS_PER_SECOND = 50;

  public StreamsSettings {
    if (clients < 1 || tokens < 1 || tokens > 5_000 || tokensPerSecond < 1) {
      throw new IllegalArgumentException("streams needs at least 1 client, 1 to 5000 tokens and at least 1 token/s, "
          + "got " + clients + " clients, " + tokens + " tokens, " + tokensPerSecond + " tokens/s");
    }
  }

  /** @param clients, tokens, tokensPerSecond, seconds overrides from the command line (seconds: steady state) */
  public static StreamsSettings of(Mode mode, Integer clients, Integer tokens, Integer tokensPerSecond,
      Integer seconds) {
    int rate = or(tokensPerSecond, mode == Mode.SMOKE ? SMOKE_TOKENS_PER_SECOND : DEFAULT_TOKENS_PER_SECOND);
    return switch (mode) {
      case SMOKE -> withWindow(or(clients, 20), or(tokens, 10), rate, or(seconds, 2), 0, 3);
      // 200 browsers, as the exchange's quick run: 1,000 streams do not keep pace on this machine (docs/benchmarks.md).
      case QUICK -> withWindow(or(clients, 200), or(tokens, 20), rate, or(seconds, 10), 1, 5);
      case FULL -> withWindow(or(clients, 1_000), or(tokens, 100), rate, or(seconds, 60), 120, 15);
    };
  }

  /**
   * A phase is the settle time plus {@code window} seconds of steady state; the warm-up is at least one period, so
   * that every client has asked and been answered once before anything is measured.
   */
  private static StreamsSettings withWindow(int clients, int tokens, int rate, int window, int warmupSeconds,
      int drainSeconds) {
    StreamsSettings probe = new StreamsSettings(clients, tokens, rate, 1, 2, drainSeconds);
    int settle = probe.settleSeconds();
    return new StreamsSettings(clients, tokens, rate, Math.max(warmupSeconds, settle), settle + window,
        drainSeconds);
  }

  /** How long one answer takes to stream: the last token is due {@code (tokens - 1) / rate} after the first. */
  public long streamMillis() {
    return ((long) (tokens - 1) * 1000 + tokensPerSecond - 1) / tokensPerSecond;
  }

  /**
   * Each client asks once per period: the stream's length plus room for the pipeline (a quarter of it, at least a
   * second), so that in a system keeping up a client's next question never waits behind its previous answer, and
   * nearly all clients are streaming at any time.
   */
  public long periodMillis() {
    return streamMillis() + Math.max(1_000, streamMillis() / 4);
  }

  /**
   * The connector's {@code AGENT_REPLY_TIMEOUT_MS} and {@code AGENT_SLOW_CALL_MS} for this run. The first bounds the
   * agent's silence, and a whole answer is silent for as long as its stream would run (longer than the default 10 s
   * at slow paces); the second makes the breaker count a whole answer longer than 5 s as slow, and open when nearly
   * all are (a streamed one is judged by its first token). Three streams' length, at least 30 s.
   */
  public long replyTimeoutMillis() {
    return Math.max(30_000, 3 * streamMillis());
  }

  /** Until the steady state: one period (every client has asked) and the first answers are complete. */
  public int settleSeconds() {
    return (int) ((periodMillis() + 999) / 1000);
  }

  public StreamsPlan plan(String baseUrl, String runId) {
    return new StreamsPlan(baseUrl, clients, tokens, periodMillis(), warmupSeconds, seconds, settleSeconds(),
        drainSeconds, runId);
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
