package io.chatrelay.edge.live.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what one socket is sent, and in which order, so that a resume has no gap and no duplicate.
 *
 * <ul>
 *   <li>Until the replay of missed history is over, live events are held back; then they follow it.</li>
 *   <li>Event frames go out in increasing {@code seq} only: one at or below the last sent is a duplicate (the replay
 *       and the live feed overlap at the seam) and is dropped.</li>
 *   <li>Only the first reply or error to a user message is shown, as in the history; a delta of an answer already
 *       given is not shown.</li>
 *   <li>The ack of a message sent over this socket goes out before the message's own event frame.</li>
 * </ul>
 * Every method returns false when the frame could not be handed to the socket (it stopped reading, or the held
 * backlog grew past its limit): the caller then closes the socket.
 */
final class Sequencer {

  /** Frame sink: false when the frame does not fit. */
  interface Sink {
    boolean send(String frame);
  }

  private static final int REMEMBERED_ANSWERS = 16;

  private final Sink sink;
  private final long maxHeldBytes;
  private final Deque<Frame> held = new ArrayDeque<>();
  private final Set<String> awaitingAck = new HashSet<>();
  private final Set<String> ackedByEcho = new HashSet<>();
  private final Map<String, Boolean> answered = new LinkedHashMap<>(32, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_ANSWERS;
    }
  };
  private boolean replaying = true;
  private long heldBytes;
  private long lastSeq;

  /** @param lastSeq the last seq the client has; -1 when it has none */
  Sequencer(long lastSeq, Sink sink, long maxHeldBytes) {
    this.lastSeq = lastSeq;
    this.sink = Objects.requireNonNull(sink, "sink");
    this.maxHeldBytes = maxHeldBytes;
  }

  /** A frame of the live feed. */
  synchronized boolean live(Frame frame) {
    if (!replaying) {
      return emit(frame);
    }
    held.add(frame);
    heldBytes += frame.json().length();
    return heldBytes <= maxHeldBytes;
  }

  /** A frame of the missed history, oldest first. */
  synchronized boolean replayed(Frame frame) {
    return emit(frame);
  }

  /** The replay is over: the held live frames follow, and live frames go straight out from now on. */
  synchronized boolean goLive() {
    replaying = false;
    while (!held.isEmpty()) {
      if (!emit(held.poll())) {
        return false;
      }
    }
    heldBytes = 0;
    return true;
  }

  /** The client's message {@code clientId} is being stored by this socket. */
  synchronized void expectAck(String clientId) {
    awaitingAck.add(clientId);
  }

  /** The log holds the client's message at {@code seq}; sends the ack unless its event frame already carried it. */
  synchronized boolean acknowledge(String clientId, long seq) {
    awaitingAck.remove(clientId);
    if (ackedByEcho.remove(clientId)) {
      return true;
    }
    return sink.send(LiveFrames.ack(clientId, seq));
  }

  /** Storing {@code clientId} failed; no ack will come. */
  synchronized void forget(String clientId) {
    awaitingAck.remove(clientId);
  }

  /** A frame outside the event order, such as an error. */
  synchronized boolean direct(String frame) {
    return sink.send(frame);
  }

  synchronized long lastSeq() {
    return lastSeq;
  }

  private boolean emit(Frame frame) {
    if (frame.seq() <= lastSeq) {
      return true;
    }
    lastSeq = frame.seq();
    if (frame.delta()) {
      if (answered.containsKey(frame.inReplyTo())) {
        return true;
      }
    } else if (frame.inReplyTo() != null && answered.put(frame.inReplyTo(), Boolean.TRUE) != null) {
      return true;
    }
    String clientId = frame.clientMessageId();
    if (clientId != null && awaitingAck.remove(clientId)) {
      ackedByEcho.add(clientId);
      if (!sink.send(LiveFrames.ack(clientId, frame.seq()))) {
        return false;
      }
    }
    return sink.send(frame.json());
  }
}
