package io.chatrelay.connector.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The order keeper of one session: messages wait in log order and at most one is with the agent. The agent
 * protocol has no request id on its answers, so answers are matched to questions by order; that only works with
 * one question outstanding per session. Not thread-safe: used on the session loop only.
 */
public final class SessionQueue {

  private final ArrayDeque<PendingMessage> waiting = new ArrayDeque<>();
  private PendingMessage inFlight;

  /**
   * Appends a message; false when the same message is already queued or in flight (the log handed it out again
   * after a rebalance, and answering it twice is what we avoid).
   */
  public boolean offer(PendingMessage message) {
    if (contains(message.eventId())) {
      return false;
    }
    waiting.addLast(message);
    return true;
  }

  /** The message that would go next, or null. */
  public PendingMessage next() {
    return waiting.peekFirst();
  }

  /** Takes the next message in flight; fails if one already is, because that would break answer matching. */
  public PendingMessage start() {
    if (inFlight != null) {
      throw new IllegalStateException("session already has " + inFlight + " in flight");
    }
    inFlight = waiting.pollFirst();
    return inFlight;
  }

  public PendingMessage inFlight() {
    return inFlight;
  }

  public boolean busy() {
    return inFlight != null;
  }

  /** The in-flight message got its outcome; the next one may go. */
  public void complete(PendingMessage message) {
    requireInFlight(message);
    inFlight = null;
  }

  /** The in-flight message must be tried again before anything behind it. */
  public void putBack(PendingMessage message) {
    requireInFlight(message);
    inFlight = null;
    waiting.addFirst(message);
  }

  /**
   * Whether an answer naming {@code inReplyTo} (null when the agent did not say) belongs to the message in flight.
   */
  public boolean answers(UUID inReplyTo) {
    return inFlight != null && (inReplyTo == null || inReplyTo.equals(inFlight.eventId()));
  }

  /** The waiting message {@code eventId}, or null when it is not waiting (in flight, finished, or unknown). */
  public PendingMessage waiting(UUID eventId) {
    return waiting.stream().filter(m -> m.eventId().equals(eventId)).findFirst().orElse(null);
  }

  /** Nothing in flight and nothing waiting. */
  public boolean idle() {
    return inFlight == null && waiting.isEmpty();
  }

  public int size() {
    return waiting.size() + (inFlight == null ? 0 : 1);
  }

  /** Removes everything, in-flight message first. */
  public List<PendingMessage> clear() {
    List<PendingMessage> out = new ArrayList<>(size());
    if (inFlight != null) {
      out.add(inFlight);
      inFlight = null;
    }
    out.addAll(waiting);
    waiting.clear();
    return out;
  }

  private boolean contains(UUID eventId) {
    if (inFlight != null && inFlight.eventId().equals(eventId)) {
      return true;
    }
    return waiting.stream().anyMatch(m -> m.eventId().equals(eventId));
  }

  private void requireInFlight(PendingMessage message) {
    if (inFlight != message) {
      throw new IllegalStateException(message + " is not the message in flight (" + inFlight + ")");
    }
  }
}
