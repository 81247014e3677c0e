package io.chatrelay.edge.live.internal;

import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feed's thread, the only one that touches the consumer: it assigns the partitions sockets asked for, at
 * their end, releases those no socket needed for the idle period, polls the rest, and runs the {@link FeedUpkeep}.
 */
final class FeedLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeedLoop.class);
  static final Duration POLL = Duration.ofMillis(200);
  static final Duration BACKOFF = Duration.ofSeconds(1);
  /** The longest one offsets lookup may take; a slower one is retried like a failed poll. */
  static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(5);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final FeedPartition[] partitions;
  private final Consumer<ConsumerRecord<byte[], byte[]>> deliver;
  private final long releaseIdleMillis;
  private final Clock clock;
  private final FeedMetrics metrics;
  /** Partitions sockets asked for; the I/O threads add, the feed thread takes. */
  private final BlockingQueue<FeedPartition> asked = new LinkedBlockingQueue<>();
  // Feed thread only:
  private final Set<FeedPartition> toAssign = new LinkedHashSet<>();
  private final Set<TopicPartition> assignment = new HashSet<>();
  private final FeedUpkeep upkeep;

  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
  private volatile boolean running = true;
  /** True while the feed thread may be in a poll: only then does a request need to wake it. */
  private volatile boolean polling;

  FeedLoop(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, FeedPartition[] partitions,
      Consumer<ConsumerRecord<byte[], byte[]>> deliver, Duration releaseIdle, Clock clock, FeedMetrics metrics) {
    this.consumer = consumer;
    this.partitions = partitions;
    this.deliver = deliver;
    this.releaseIdleMillis = releaseIdle.toMillis();
    this.clock = clock;
    this.metrics = metrics;
    this.upkeep = new FeedUpkeep(consumer, partitions, metrics, clock);
    this.thread = new Thread(this::run, "edge-live-feed");
    thread.setDaemon(true);
    thread.start();
  }

  /** Any thread: the first socket of {@code partition} waits for it to be assigned. */
  void request(FeedPartition partition) {
    asked.add(partition);
    if (!running) {
      failWaiting(partition, new IllegalStateException("the live feed is stopped"));
    } else if (polling) {
      consumer.wakeup(); // the one method of the consumer any thread may call
    }
  }

  CompletionStage<Throwable> fatalFailure() {
    return fatal;
  }

  private void run() {
    try {
      while (running) {
        step();
      }
    } catch (Error e) {
      stopOn(e);
      throw e;
    } finally {
      IllegalStateException stopped = new IllegalStateException("the live feed is stopped");
      for (FeedPartition partition : partitions) {
        failWaiting(partition, stopped);
      }
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private void step() {
    try {
      takeRequests(assignment.isEmpty() ? POLL : Duration.ZERO);
      assignRequested();
      releaseIdle();
      if (!assignment.isEmpty()) {
        poll();
      }
      upkeep.runIfDue(assignment, this::wakeablePoll);
    } catch (WakeupException e) {
      // a request or close() woke us: the loop condition decides, the next step takes the request
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } catch (KafkaException e) {
      if (KafkaErrors.isFatal(e)) {
        stopOn(e);
        return;
      }
      LOG.warn("live feed of {} failed, retrying in {} ms: {}", Topics.CHAT_MESSAGES.name(), BACKOFF.toMillis(),
          e.toString());
      pause();
    } catch (RuntimeException e) {
      LOG.error("live feed of {} failed, retrying in {} ms", Topics.CHAT_MESSAGES.name(), BACKOFF.toMillis(), e);
      pause();
    }
  }

  /** Waits up to {@code wait} for a first request (when there is nothing to poll), then takes them all. */
  private void takeRequests(Duration wait) throws InterruptedException {
    FeedPartition first = wait.isZero() ? asked.poll() : asked.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (first != null) {
      toAssign.add(first);
      asked.drainTo(toAssign);
    }
  }

  /** Assigns what was asked for, at the end; a failure part way leaves the rest asked for, to retry. */
  private void assignRequested() {
    if (toAssign.isEmpty()) {
      return;
    }
    List<TopicPartition> adding = toAssign.stream().map(p -> p.tp).toList();
    assignment.addAll(adding);
    consumer.assign(assignment);
    consumer.seekToEnd(adding);
    for (Iterator<FeedPartition> it = toAssign.iterator(); it.hasNext(); ) {
      FeedPartition partition = it.next();
      long end = consumer.position(partition.tp, OFFSETS_TIMEOUT);
      CompletableFuture<Long> waiting = partition.assignedAt(end);
      it.remove();
      metrics.assigned(assignment.size());
      LOG.info("following {}@{} for live sockets ({} partitions followed)", partition.tp, end, assignment.size());
      if (waiting != null) {
        waiting.complete(end);
      }
    }
  }

  private void releaseIdle() {
    long now = clock.millis();
    List<TopicPartition> released = new ArrayList<>();
    for (FeedPartition partition : partitions) {
      if (partition.releaseIfIdle(now, releaseIdleMillis)) {
        released.add(partition.tp);
      }
    }
    if (released.isEmpty()) {
      return;
    }
    released.forEach(assignment::remove);
    consumer.assign(assignment);
    metrics.assigned(assignment.size());
    for (TopicPartition tp : released) {
      LOG.info("released {}@{}: no live socket needed it for {} ms ({} partitions followed)", tp,
          partitions[tp.partition()].next(), releaseIdleMillis, assignment.size());
    }
  }

  private void poll() {
    ConsumerRecords<byte[], byte[]> records = wakeablePoll(POLL);
    for (TopicPartition tp : records.partitions()) {
      FeedPartition partition = partitions[tp.partition()];
      for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
        metrics.fetched(sizeOf(record.key()) + sizeOf(record.value()));
        // Locked per record, not per batch: a socket subscribing (on an I/O thread) waits for one delivery at most.
        partition.dispatch(record.offset(), () -> deliver.accept(record));
      }
    }
  }

  /** A poll a request may wake, as the feed thread should not keep a socket waiting for it. */
  private ConsumerRecords<byte[], byte[]> wakeablePoll(Duration timeout) {
    polling = true;
    try {
      return consumer.poll(timeout);
    } finally {
      polling = false;
    }
  }

  static int sizeOf(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static void failWaiting(FeedPartition partition, Throwable cause) {
    CompletableFuture<Long> waiting = partition.abandon();
    if (waiting != null) {
      waiting.completeExceptionally(cause);
    }
  }

  private void stopOn(Throwable cause) {
    running = false;
    if (!closed.get()) {
      LOG.error("live feed of {} stopped by a fatal error: live sockets of this instance get no more events",
          Topics.CHAT_MESSAGES.name(), cause);
      fatal.complete(cause);
    }
  }

  private void pause() {
    try {
      Thread.sleep(BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running = false;
    consumer.wakeup(); // waiting for a request instead, it sees the flag within one POLL
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
