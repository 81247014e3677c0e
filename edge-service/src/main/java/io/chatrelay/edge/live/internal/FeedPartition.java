package io.chatrelay.edge.live.internal;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What the live feed knows of one partition of the log: whether it is assigned, how many sockets need it, and the
 * offset below which it has dispatched everything. The object is its partition's lock: dispatch (feed thread) and
 * subscribe (I/O threads) share it, which is what makes the offset {@code subscribe} returns exact.
 */
final class FeedPartition {

  final TopicPartition tp;
  /** Guarded by this: the offset after the last event dispatched, or, unassigned, a known end of the partition. */
  private long next;
  /** Guarded by this: sockets following sessions of this partition. */
  private int sockets;
  /** Guarded by this: when {@link #sockets} last dropped to zero (clock millis). */
  private long idleSince;
  /** Guarded by this: records of the partition are fetched and dispatched. */
  private boolean assigned;
  /** Guarded by this: the start offset of the sockets waiting for the feed thread to assign the partition. */
  private CompletableFuture<Long> assigning;

  FeedPartition(TopicPartition tp, long end) {
    this.tp = tp;
    this.next = end;
  }

  /** A socket now needs the partition; when it is not assigned yet, the caller may have to ask the feed thread. */
  synchronized Join join() {
    sockets++;
    if (assigned) {
      return new Join(CompletableFuture.completedFuture(next), false);
    }
    boolean ask = assigning == null;
    if (ask) {
      assigning = new CompletableFuture<>();
    }
    return new Join(assigning, ask);
  }

  /** @param start the offset from which the socket gets every event; ask: the partition must be assigned first */
  record Join(CompletableFuture<Long> start, boolean ask) {}

  /** Registers a socket of a held partition: no event is dispatched between {@code add} and reading the offset. */
  synchronized long register(Runnable add) {
    if (!assigned) {
      throw new IllegalStateException(tp + " is not followed");
    }
    add.run();
    return next;
  }

  synchronized void leave(long now) {
    if (--sockets == 0) {
      idleSince = now;
    }
  }

  /** Feed thread, once the consumer is positioned at {@code end}: dispatch starts there. */
  CompletableFuture<Long> assignedAt(long end) {
    CompletableFuture<Long> waiting;
    synchronized (this) {
      next = end;
      assigned = true;
      waiting = assigning;
      assigning = null;
    }
    return waiting;
  }

  /** Feed thread: true when no socket needed it for {@code idle} ms; it is then no longer assigned. */
  synchronized boolean releaseIfIdle(long now, long idle) {
    if (assigned && sockets == 0 && now - idleSince >= idle) {
      assigned = false;
      return true;
    }
    return false;
  }

  /** Feed thread: dispatches if the record is news of an assigned partition; true when it was. */
  synchronized boolean dispatch(long offset, Runnable deliver) {
    // A record fetched before a release, or from before a re-assignment, is not owed to anyone.
    if (!assigned || offset < next) {
      return false;
    }
    deliver.run();
    next = offset + 1;
    return true;
  }

  /** Feed thread: an end offset read for an unassigned partition raises its lower bound. */
  synchronized void knownEnd(long end) {
    if (!assigned && end > next) {
      next = end;
    }
  }

  synchronized long next() {
    return next;
  }

  synchronized boolean assigned() {
    return assigned;
  }

  /** The futures of sockets still waiting, to fail them when the feed stops. */
  synchronized CompletableFuture<Long> abandon() {
    CompletableFuture<Long> waiting = assigning;
    assigning = null;
    return waiting;
  }
}
