package io.chatrelay.bench.load;

import java.util.List;

/**
 * What the {@code streams} task measured: one report per phase (the streamed one and the whole-answer baseline).
 *
 * @param unmatched frames about no message of this run
 * @param socketsClosed sockets the product closed during the run
 * @param firstMismatch where the first answer whose deltas did not add up to its text went wrong, or null
 */
public record StreamsReport(int clients, int tokens, long periodMillis, double setupSeconds, List<Phase> phases,
    long unmatched, long socketsClosed, long sendFailures, String firstMismatch) {

  /**
   * One phase. Latencies run from the moment a question was due (open loop): {@code firstToken} to the first delta
   * frame of its answer, {@code completion} to its final {@code response} frame. Per-second figures and the
   * {@code window*} counts are over the steady state (from the settle time to the last send), the window in which
   * the product's CPU is read.
   *
   * @param streamed {@code /stream} questions (deltas expected), or {@code /long} (the same answers whole)
   * @param answered answers whose final frame came (once)
   * @param lost questions neither answered nor refused after the drain
   * @param matched answers whose deltas, joined in the order they came, are the beginning of the final content (for
   *     a whole answer: that came without deltas); the final content replaces the streamed text
   * @param completeInDeltas of those, answers whose deltas were all of it (the connector writes its last window's
   *     text only with the final answer, so most streamed answers end with a few words in the final frame)
   * @param mismatched answers whose deltas are not the beginning of the final content (or are missing)
   * @param duplicatedDeltas delta frames repeating a log position already received for that answer
   * @param lateDeltas delta frames after their answer's final frame
   * @param unexpectedDeltas delta frames for an answer asked for whole
   * @param duplicatedAnswers second final frames for one question
   * @param deltaTextShare of the answers' text, the share the deltas brought before the final frame
   * @param meanConcurrentStreams answers in flight on average (answers per second × mean completion time)
   * @param downBytesPerAnswer WebSocket bytes to the browser per question (ack, own message, deltas, answer; payload
   *     and frame headers)
   * @param upBytesPerAnswer WebSocket bytes from the browser per question (its masked frame)
   */
  public record Phase(String name, boolean streamed, double rate, double seconds, double windowSeconds, long sent,
      long acked, long answered, long agentErrors, long refused, long lost, long matched, long completeInDeltas,
      long mismatched, long duplicatedDeltas, long lateDeltas, long unexpectedDeltas, long duplicatedAnswers,
      long deltas, long windowDeltas, long windowAnswers, double deltasPerSecond, double answersPerSecond,
      double deltasPerAnswer, double deltaTextShare, Percentiles firstToken, Percentiles completion,
      double meanConcurrentStreams, double downBytesPerAnswer, double upBytesPerAnswer, double loadAverage) {

    /** Everything that makes a browser show something other than the agent's answer, once. */
    public long faults() {
      return lost + mismatched + duplicatedDeltas + lateDeltas + unexpectedDeltas + duplicatedAnswers;
    }
  }

  public Phase phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }
}
