package io.chatrelay.bench.load;

import java.util.List;

/**
 * What the {@code exchange} task measured. Latency is from the moment a message was due to be sent (open loop: a
 * late send counts against the system) to the agent's reply frame arriving.
 *
 * @param lost messages without a reply (or agent error) after the drain period, refused ones not counted
 * @param duplicated messages with more than one reply frame
 * @param refused messages answered with an error frame instead of an ack (rate limit, log unavailable)
 * @param unmatched reply frames that named no message of this run
 */
public record ExchangeReport(String target, int clients, double setupSeconds, List<StepReport> steps,
    long sent, long acked, long replied, long agentErrors, long refused, long lost, long duplicated, long unmatched,
    long socketsClosed, HistoryCheck history) {

  /**
   * One measured step; rates are per second over the step's actual duration. Latencies, all from the moment a
   * message was due: {@code ackLatency} until the edge said it is stored, {@code echoLatency} until the message came
   * back from the log as a live event, {@code latency} until the agent's reply arrived.
   */
  public record StepReport(int rate, double seconds, boolean aborted, long sent, long acked, long replied,
      long lost, long duplicated, double sendRate, double ackRate, double replyRate, Percentiles ackLatency,
      Percentiles echoLatency, Percentiles latency, double loadAverage) {

    /** Held the rate with every message answered in time. */
    public boolean sustained(double p99Millis) {
      return !aborted && lost == 0 && duplicated == 0 && replyRate >= 0.95 * rate && latency.p99() <= p99Millis;
    }
  }

  /**
   * The stored history of a sample of sessions, read back over REST.
   *
   * @param expected user messages acknowledged in those sessions
   * @param storedMessages distinct user messages found in the history
   * @param storedReplies distinct replies found
   * @param duplicates entries found more than once (same client id, or two replies to one message)
   */
  public record HistoryCheck(int sessions, long expected, long storedMessages, long storedReplies, long duplicates) {

    public static final HistoryCheck NONE = new HistoryCheck(0, 0, 0, 0, 0);
  }
}
