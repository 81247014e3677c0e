package io.chatrelay.connector.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed. Records of a partition finish out of order (sessions run concurrently), but a
 * committed offset says "everything before this is done", so per partition only the contiguous prefix of finished
 * records counts. Offsets are taken in the order the consumer returned them, not as numbers: a partition's offsets
 * have gaps (transaction markers), and a gap must not hold the prefix back.
 *
 * <p>Thread-safe: the poll thread tracks and commits, session work finishes from other threads. A {@link Ticket}
 * belongs to one assignment of its partition; once the partition is revoked, finishing it does nothing, so late
 * work from a lost partition can never move a later owner's offsets.
 */
public final class OffsetTracker {

  private final Map<TopicPartition, Progress> partitions = new HashMap<>();

  /** Starts tracking a newly assigned partition; a previous assignment's progress is discarded. */
  public synchronized void assign(TopicPartition tp) {
    partitions.put(tp, new Progress());
  }

  /** Forgets a revoked or lost partition; its outstanding tickets become no-ops. */
  public synchronized void revoke(TopicPartition tp) {
    Progress removed = partitions.remove(tp);
    if (removed != null) {
      removed.detached = true;
    }
  }

  /** Records that the consumer returned {@code offset}; it must be finished before anything after it commits. */
  public synchronized Ticket track(TopicPartition tp, long offset) {
    Progress progress = partitions.computeIfAbsent(tp, k -> new Progress());
    progress.pending.addLast(offset);
    return new Ticket(this, tp, progress, offset);
  }

  /**
   * The offset to commit for each partition whose finished prefix moved since the last call (the next offset to
   * read, as Kafka expects). Empty when nothing moved.
   */
  public synchronized Map<TopicPartition, OffsetAndMetadata> advanced() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach((tp, p) -> {
      if (p.committable > p.handedOut) {
        p.handedOut = p.committable;
        out.put(tp, new OffsetAndMetadata(p.committable));
      }
    });
    return out;
  }

  /** The commit position of every given partition that has one, moved or not (for a final, synchronous commit). */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Set<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : tps) {
      Progress p = partitions.get(tp);
      if (p != null && p.committable >= 0) {
        p.handedOut = Math.max(p.handedOut, p.committable);
        out.put(tp, new OffsetAndMetadata(p.committable));
      }
    }
    return out;
  }

  /**
   * Waits until every record of {@code tps} returned so far is finished, or {@code timeout} passes: a partition about
   * to be handed to another connector lets its questions in flight be answered here first, so none is asked twice.
   * A real wait on this monitor (each finish wakes it), bounded by the JVM's clock.
   *
   * @return true when all of them finished
   */
  public synchronized boolean awaitFinished(Set<TopicPartition> tps, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (unfinished(tps) > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Records of {@code tps} returned by the consumer and not finished yet. */
  public synchronized int unfinished(Set<TopicPartition> tps) {
    return tps.stream().map(partitions::get).filter(p -> p != null).mapToInt(p -> p.pending.size()).sum();
  }

  /** Records returned by the consumer and not finished yet, over all partitions. */
  public synchronized int unfinished() {
    return partitions.values().stream().mapToInt(p -> p.pending.size()).sum();
  }

  private synchronized void finish(Progress progress, long offset) {
    if (progress.detached || offset < progress.committable) {
      return; // a revoked partition, or a second finish of a record already in the committed prefix
    }
    progress.finished.add(offset);
    while (!progress.pending.isEmpty() && progress.finished.remove(progress.pending.peekFirst())) {
      progress.committable = progress.pending.pollFirst() + 1;
    }
    notifyAll();
  }

  private static final class Progress {
    final ArrayDeque<Long> pending = new ArrayDeque<>();
    final Set<Long> finished = new HashSet<>();
    long committable = -1;
    long handedOut = -1;
    boolean detached;
  }

  /** One record's claim on its partition's commit position; finishing it twice is harmless. */
  public static final class Ticket {
    private final OffsetTracker tracker;
    private final TopicPartition partition;
    private final Progress progress;
    private final long offset;

    private Ticket(OffsetTracker tracker, TopicPartition partition, Progress progress, long offset) {
      this.tracker = tracker;
      this.partition = partition;
      this.progress = progress;
      this.offset = offset;
    }

    public void finish() {
      tracker.finish(progress, offset);
    }

    public TopicPartition partition() {
      return partition;
    }

    public long offset() {
      return offset;
    }

    @Override
    public String toString() {
      return partition + "@" + offset;
    }
  }
}
