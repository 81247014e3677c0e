package io.chatrelay.bench.load.internal;

/**
 * One answer as a browser puts it together: the text of its delta frames in the order they came, checked against
 * the final {@code response} frame, whose content is the whole answer and replaces the streamed text (README, the
 * browser WebSocket). The deltas must therefore be the beginning of that content, in order, nothing repeated or
 * garbled; they need not be all of it: the connector writes what it gathered in the last window (40 ms) only with the
 * final answer. A delta frame whose log position ({@code seq}) is not above the last one taken repeats what the
 * browser has already shown, so it is counted as a duplicate and not appended (as the page does); a delta after the
 * final frame is late. The frames of one answer come on one socket's I/O thread; the lock only makes the reads from
 * other threads safe.
 */
final class StreamedAnswer {

  /** How an answer ended. */
  enum Outcome {
    /** The deltas joined are exactly the final content, or a whole answer came without deltas. */
    COMPLETE,
    /** The deltas joined are the beginning of the final content, which brought the rest. */
    PREFIX,
    /**
     * The deltas joined are not the beginning of the final content, a streamed answer came without any delta, or a
     * whole one with deltas.
     */
    MISMATCH,
    /** A second final frame for the same question. */
    DUPLICATE;

    boolean matches() {
      return this == COMPLETE || this == PREFIX;
    }
  }

  /** What became of a delta frame. */
  enum Delta { FIRST, NEXT, DUPLICATE, LATE }

  private final boolean streamed;
  private final StringBuilder text = new StringBuilder();
  private long lastSeq = Long.MIN_VALUE;
  private int deltas;
  private boolean finished;
  private String difference;
  private int deltaChars;

  /** @param streamed deltas are expected; for an answer asked for whole, any delta is a mismatch */
  StreamedAnswer(boolean streamed) {
    this.streamed = streamed;
  }

  synchronized Delta delta(long seq, String content) {
    if (finished) {
      return Delta.LATE;
    }
    if (seq <= lastSeq) {
      return Delta.DUPLICATE;
    }
    lastSeq = seq;
    text.append(content);
    return deltas++ == 0 ? Delta.FIRST : Delta.NEXT;
  }

  synchronized Outcome finish(String content) {
    if (finished) {
      return Outcome.DUPLICATE;
    }
    finished = true;
    String joined = text.toString();
    text.setLength(0);
    text.trimToSize();
    deltaChars = joined.length();
    Outcome outcome;
    if (!streamed) {
      outcome = deltas == 0 ? Outcome.COMPLETE : Outcome.MISMATCH;
    } else if (deltas == 0 || content == null || !content.startsWith(joined)) {
      outcome = Outcome.MISMATCH;
    } else {
      outcome = joined.length() == content.length() ? Outcome.COMPLETE : Outcome.PREFIX;
    }
    if (outcome == Outcome.MISMATCH && content != null) {
      difference = difference(joined, content);
    }
    return outcome;
  }

  /** Characters the deltas brought, once finished. */
  synchronized int deltaChars() {
    return deltaChars;
  }

  /** For a mismatched answer, where the deltas and the final text part; else null. */
  synchronized String difference() {
    return difference;
  }

  /** Where {@code joined} (the deltas) first differs from {@code expected} (the final text), with a little of each. */
  static String difference(String joined, String expected) {
    int at = 0;
    while (at < joined.length() && at < expected.length() && joined.charAt(at) == expected.charAt(at)) {
      at++;
    }
    return "deltas give " + joined.length() + " chars, the answer has " + expected.length() + "; first difference at "
        + at + ": deltas " + quote(joined, at) + ", answer " + quote(expected, at);
  }

  private static String quote(String s, int at) {
    return at >= s.length() ? "(end)" : "\"" + s.substring(at, Math.min(s.length(), at + 24)) + "\"";
  }

  synchronized boolean finished() {
    return finished;
  }

  boolean streamed() {
    return streamed;
  }

  synchronized int deltas() {
    return deltas;
  }
}
