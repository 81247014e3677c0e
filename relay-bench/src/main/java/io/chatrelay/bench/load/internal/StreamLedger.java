package io.chatrelay.bench.load.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.bench.load.Percentiles;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Every question the streams load asked, and what came back for it: the ack, the echoed user message (its metadata
 * carries the client id, and its id is what the answer's frames name as {@code inReplyTo}), the delta frames and the
 * final answer, each checked by a {@link StreamedAnswer}. Frames arrive on the clients' I/O threads.
 */
final class StreamLedger implements BrowserSocket.Listener {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One question. */
  static final class Asked {
    final long dueNanos;
    final Tally tally;
    final StreamedAnswer answer;
    volatile boolean refused;

    Asked(long dueNanos, Tally tally, boolean streamed) {
      this.dueNanos = dueNanos;
      this.tally = tally;
      this.answer = new StreamedAnswer(streamed);
    }
  }

  /** What one phase's questions got. */
  static final class Tally {
    final Histogram firstToken = new ConcurrentHistogram(1, 600_000_000L, 3);
    final Histogram completion = new ConcurrentHistogram(1, 600_000_000L, 3);
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder agentErrors = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder matched = new LongAdder();
    final LongAdder completeInDeltas = new LongAdder();
    final LongAdder deltaChars = new LongAdder();
    final LongAdder answerChars = new LongAdder();
    final LongAdder mismatched = new LongAdder();
    final LongAdder duplicatedDeltas = new LongAdder();
    final LongAdder lateDeltas = new LongAdder();
    final LongAdder unexpectedDeltas = new LongAdder();
    final LongAdder duplicatedAnswers = new LongAdder();
    final LongAdder deltas = new LongAdder();
    final LongAdder windowDeltas = new LongAdder();
    final LongAdder windowAnswers = new LongAdder();
    final LongAdder downBytes = new LongAdder();
    final LongAdder upBytes = new LongAdder();

    long outstanding() {
      return sent.sum() - answered.sum() - agentErrors.sum() - refused.sum();
    }

    Percentiles firstToken() {
      return Percentiles.ofMicros(firstToken);
    }

    Percentiles completion() {
      return Percentiles.ofMicros(completion);
    }
  }

  private final ConcurrentHashMap<String, Asked> byClientId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Asked> byEventId = new ConcurrentHashMap<>();
  private final Recorder intervalFirstToken = new Recorder(1, 600_000_000L, 3);
  private final LongAdder intervalDeltas = new LongAdder();
  final LongAdder unmatched = new LongAdder();
  final LongAdder socketsClosed = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  private volatile boolean measuring;
  /** What the first mismatched answer looked like, for the report. */
  volatile String firstMismatch;
  private volatile long lastFrameNanos = System.nanoTime();

  /** Records a question about to be sent; returns its frame. */
  String register(String clientId, Tally tally, boolean streamed, long dueNanos, String content) {
    byClientId.put(clientId, new Asked(dueNanos, tally, streamed));
    tally.sent.increment();
    String frame = "{\"id\":\"" + clientId + "\",\"type\":\"message\",\"content\":" + JsonText.quote(content)
        + ",\"metadata\":{\"b\":\"" + clientId + "\"}}";
    tally.upBytes.add(WireBytes.clientFrame(frame));
    return frame;
  }

  /** While set, deltas and answers count towards the steady-state window. */
  void measuring(boolean on) {
    measuring = on;
  }

  @Override
  public void onText(BrowserSocket socket, String text) {
    long now = System.nanoTime();
    lastFrameNanos = now;
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (IOException e) {
      unmatched.increment();
      return;
    }
    Asked asked = switch (frame.path("type").asText()) {
      case "ack" -> onAck(frame);
      case "message" -> onEcho(frame);
      case "delta" -> onDelta(frame, now);
      case "response" -> onAnswer(frame, now, false);
      case "error" -> onError(frame, now);
      default -> null;
    };
    if (asked == null) {
      unmatched.increment();
    } else {
      asked.tally.downBytes.add(WireBytes.serverFrame(text));
    }
  }

  @Override
  public void onClosed(BrowserSocket socket) {
    socketsClosed.increment();
  }

  private Asked onAck(JsonNode frame) {
    Asked asked = byClientId.get(frame.path("id").asText(""));
    if (asked != null) {
      asked.tally.acked.increment();
    }
    return asked;
  }

  private Asked onEcho(JsonNode frame) {
    Asked asked = byClientId.get(frame.path("metadata").path("b").asText(""));
    if (asked != null) {
      byEventId.putIfAbsent(frame.path("id").asText(), asked);
    }
    return asked;
  }

  private Asked onDelta(JsonNode frame, long now) {
    Asked asked = byEventId.get(frame.path("inReplyTo").asText(""));
    if (asked == null) {
      return null;
    }
    Tally tally = asked.tally;
    if (!asked.answer.streamed()) {
      tally.unexpectedDeltas.increment();
    }
    switch (asked.answer.delta(frame.path("seq").asLong(), frame.path("content").asText())) {
      case FIRST -> {
        long micros = Math.max(1, (now - asked.dueNanos) / 1000);
        tally.firstToken.recordValue(micros);
        intervalFirstToken.recordValue(micros);
        countDelta(tally);
      }
      case NEXT -> countDelta(tally);
      case DUPLICATE -> tally.duplicatedDeltas.increment();
      case LATE -> tally.lateDeltas.increment();
    }
    return asked;
  }

  private void countDelta(Tally tally) {
    tally.deltas.increment();
    intervalDeltas.increment();
    if (measuring) {
      tally.windowDeltas.increment();
    }
  }

  private Asked onAnswer(JsonNode frame, long now, boolean agentError) {
    Asked asked = byEventId.get(frame.path("metadata").path("inReplyTo").asText(""));
    if (asked == null) {
      return null;
    }
    Tally tally = asked.tally;
    String content = agentError ? null : frame.path("content").asText();
    StreamedAnswer.Outcome outcome = asked.answer.finish(content);
    if (outcome == StreamedAnswer.Outcome.DUPLICATE) {
      tally.duplicatedAnswers.increment();
      return asked;
    }
    if (agentError) {
      tally.agentErrors.increment();
      return asked;
    }
    tally.answered.increment();
    (outcome.matches() ? tally.matched : tally.mismatched).increment();
    if (outcome == StreamedAnswer.Outcome.COMPLETE) {
      tally.completeInDeltas.increment();
    }
    tally.deltaChars.add(asked.answer.deltaChars());
    tally.answerChars.add(content.length());
    if (outcome == StreamedAnswer.Outcome.MISMATCH && firstMismatch == null) {
      firstMismatch = asked.answer.deltas() + " deltas; " + asked.answer.difference();
    }
    tally.completion.recordValue(Math.max(1, (now - asked.dueNanos) / 1000));
    if (measuring) {
      tally.windowAnswers.increment();
    }
    return asked;
  }

  private Asked onError(JsonNode frame, long now) {
    if (frame.has("code")) {
      // A refused frame: nothing was stored, no answer will come.
      Asked asked = byClientId.get(frame.path("id").asText(""));
      if (asked != null && !asked.refused) {
        asked.refused = true;
        asked.tally.refused.increment();
      }
      return asked;
    }
    return onAnswer(frame, now, true);
  }

  long lastFrameNanos() {
    return lastFrameNanos;
  }

  /** Questions of {@code tally} with no final frame and not refused. */
  long unanswered(Tally tally) {
    long count = 0;
    for (Asked a : byClientId.values()) {
      if (a.tally == tally && !a.refused && !a.answer.finished()) {
        count++;
      }
    }
    return count;
  }

  /** First-token latencies since the last call, for the progress line. */
  Histogram takeInterval() {
    return intervalFirstToken.getIntervalHistogram();
  }

  long takeIntervalDeltas() {
    return intervalDeltas.sumThenReset();
  }
}
