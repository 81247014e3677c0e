package io.chatrelay.projector.internal;

import io.chatrelay.views.redis.BatchResult;
import io.chatrelay.views.redis.LoggedEvent;
import io.chatrelay.views.redis.ViewApplier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis views as a Kafka Streams state store, one per task. Events are buffered and written as one pipeline
 * when the batch is full, when the flush interval passes, and before every offset commit, so no input offset is
 * committed past an event that is not yet in Redis.
 *
 * <p>Why {@link CachedStateStore}: since Kafka Streams 4, {@link StateStore#commit} runs <em>after</em> the input
 * offsets are committed (it checkpoints changelog offsets). The one store hook Streams calls before committing
 * offsets, on every commit and before a task is handed to another instance, is {@link #flushCache()} of caching
 * stores. That interface is internal to Streams, so {@code DurabilityIT} checks the ordering on every build.
 */
public final class ViewStore implements StateStore, CachedStateStore<Void, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(ViewStore.class);
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final String name;
  private final ViewApplier applier;
  private final ProjectorMetrics metrics;
  private final int batchSize;
  private final long flushIntervalMs;
  private final Clock clock;
  private final BooleanSupplier stopping;
  private final ViewRecovery recovery;
  private final List<LoggedEvent> pending = new ArrayList<>();
  private String task = "-";
  private int partition;
  private long lastFlushMs;
  private long lastAttemptMs;
  private boolean open;
  private boolean failing;

  ViewStore(String name, ViewApplier applier, ProjectorMetrics metrics, int batchSize, Duration flushInterval,
      Clock clock, BooleanSupplier stopping, ViewRecovery recovery) {
    this.name = name;
    this.applier = applier;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.flushIntervalMs = flushInterval.toMillis();
    this.clock = clock;
    this.stopping = stopping;
    this.recovery = recovery;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    task = context.taskId().toString();
    // One source topic: task 0_P reads partition P of chat-messages.
    partition = context.taskId().partition();
    // Nothing to restore: the views live in Redis and the store keeps no changelog.
    context.register(root, (key, value) -> { });
    open = true;
    lastFlushMs = clock.millis();
  }

  /** Buffers one event; writes the batch when it is full, or at once when the store has been idle. */
  public void add(LoggedEvent event) {
    pending.add(event);
    if (pending.size() >= batchSize) {
      flushOrWait("batch full");
    } else if (pending.size() == 1 && clock.millis() - lastFlushMs >= flushIntervalMs) {
      // Light traffic: nobody else will arrive to share this batch, and a user is waiting for it.
      flushIfDue();
    }
  }

  /** Whether events wait to be written. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * The punctuator's flush: a failure is logged and the batch stays buffered. While Redis is failing, attempts are
   * spaced by the retry backoff instead of the flush interval, so a dead Redis is not hammered.
   */
  public void flushIfDue() {
    if (!pending.isEmpty() && (!failing || clock.millis() - lastAttemptMs >= RETRY_BACKOFF.toMillis())) {
      tryFlush();
    }
  }

  /**
   * The punctuator's check that Redis still holds this partition's views; when it does not (Redis came back
   * empty), replays the partition from the start of the log, see {@link ViewRecovery}. A failure is logged and the
   * next punctuation checks again. Runs on the stream thread, so nothing else of the task runs meanwhile.
   */
  public void recoverIfLost() {
    try {
      if (!recovery.intact(partition)) {
        recovery.recover(partition, stopping);
        metrics.recovered();
      }
    } catch (RuntimeException e) {
      // Redis away: the flush path already says so; the check simply runs again at the next punctuation.
      LOG.debug("task {} could not check or replay its views: {}", task, e.toString());
    }
  }

  /** Streams calls this before it commits the task's input offsets. */
  @Override
  public void flushCache() {
    if (!pending.isEmpty()) {
      flushOrWait("commit");
    }
  }

  /** After the offsets; normally nothing is left, but writing twice is harmless. */
  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    flushCache();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Void, Void> listener, boolean sendOldValues) {
    return false;
  }

  /** Streams drops a dirty task's cache here; buffered events are still written on close, which is safe. */
  @Override
  public void clearCache() {
    // nothing: see close()
  }

  /**
   * Writes the batch, waiting for Redis as long as it takes. Blocking the stream thread is deliberate: nothing can
   * be applied without Redis anyway, and failing instead makes Streams replace the thread, whose successor then
   * waits in a rebalance for the dead member's session to expire. Gives up only when the projector is stopping;
   * the offsets then stay uncommitted, which is safe.
   */
  private void flushOrWait(String reason) {
    if (tryFlush()) {
      return;
    }
    metrics.waitingForRedis(1);
    try {
      Duration backoff = RETRY_BACKOFF;
      while (!tryFlush()) {
        if (stopping.getAsBoolean()) {
          throw new ProcessorStateException("task " + task + " stopped with " + pending.size()
              + " events not written to Redis (" + reason + "); they will be read again");
        }
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    } finally {
      metrics.waitingForRedis(-1);
    }
  }

  private boolean tryFlush() {
    lastAttemptMs = clock.millis();
    long start = System.nanoTime();
    try {
      BatchResult result = applier.apply(pending);
      metrics.flushed(pending, result, System.nanoTime() - start);
      if (failing) {
        LOG.info("task {} writes to Redis again", task);
        failing = false;
      }
      pending.clear();
      lastFlushMs = clock.millis();
      return true;
    } catch (RuntimeException e) {
      metrics.flushFailed();
      if (!failing) {
        LOG.warn("task {} cannot write {} events to Redis, keeping them buffered: {}", task, pending.size(),
            e.toString());
        failing = true;
      }
      return false;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessorStateException("interrupted while retrying a Redis write", e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {
    if (open && !pending.isEmpty()) {
      // Writing more than was committed is always safe; the next owner of the task skips what is already there.
      tryFlush();
    }
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }
}
