package io.chatrelay.connector.internal;

import io.chatrelay.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's thread: polls {@code chat-messages}, routes records, commits what is finished and pauses when too
 * much is unfinished. It never waits on an agent; the slowest thing it does is a commit. Offsets are committed
 * only up to the contiguous prefix of finished records ({@link OffsetTracker}), so a crash re-reads exactly the
 * records whose outcome may not be in the log yet.
 */
public final class PollLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

  private final Consumer<String, byte[]> consumer;
  private final RecordRouter router;
  private final OffsetTracker tracker;
  private final AnsweredIndex answered;
  private final AnsweredScanner scanner;
  private final Sessions sessions;
  private final int maxPending;
  private final Duration commitInterval;
  private final Duration drainTimeout;
  private final Clock clock;
  private volatile boolean running = true;
  private volatile boolean halted;
  private volatile boolean joined;
  private volatile RuntimeException failure;
  private final Backpressure backpressure;
  private Instant nextCommit;

  /**
   * @param drainTimeout how long a partition taken away while running waits for its questions in flight to be
   *     answered here before it goes (it blocks this connector's polling meanwhile, not the others')
   */
  public PollLoop(Consumer<String, byte[]> consumer, RecordRouter router, OffsetTracker tracker,
      AnsweredIndex answered, AnsweredScanner scanner, Sessions sessions, int maxPending, Duration commitInterval,
      Duration drainTimeout, Clock clock) {
    this.consumer = consumer;
    this.router = router;
    this.tracker = tracker;
    this.answered = answered;
    this.scanner = scanner;
    this.sessions = sessions;
    this.maxPending = maxPending;
    this.backpressure = new Backpressure(maxPending);
    this.commitInterval = commitInterval;
    this.drainTimeout = drainTimeout;
    this.clock = clock;
  }

  @Override
  public void run() {
    nextCommit = clock.instant().plus(commitInterval);
    try {
      consumer.subscribe(List.of(Topics.CHAT_MESSAGES.name()), new Rebalance());
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          router.route(record);
        }
        backpressure();
        commitIfDue();
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      // Anything the consumer does not retry itself (authorization, fencing, a bug) stops the connector.
      LOG.error("poll loop of {} stopped by a fatal error", Topics.CHAT_MESSAGES.name(), e);
      failure = e;
    } finally {
      shutdown();
    }
  }

  /** Asks the loop to stop after committing what is finished. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  /** Stops like a killed process would: nothing more is committed. */
  public void halt() {
    halted = true;
    stop();
  }

  /** True once the group has handed this connector its partitions (possibly none) and their scan is done. */
  public boolean joined() {
    return joined && running;
  }

  public RuntimeException failure() {
    return failure;
  }

  private void backpressure() {
    int unfinished = tracker.unfinished();
    boolean wasPaused = backpressure.paused();
    switch (backpressure.update(unfinished)) {
      case PAUSE -> {
        if (!wasPaused) {
          LOG.warn("{} records unfinished (limit {}); pausing consumption", unfinished, maxPending);
        }
        consumer.pause(consumer.assignment());
      }
      case RESUME -> {
        LOG.info("{} records unfinished; resuming consumption", unfinished);
        consumer.resume(consumer.paused());
      }
      case KEEP -> { }
    }
  }

  private void commitIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextCommit)) {
      return;
    }
    nextCommit = now.plus(commitInterval);
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.advanced();
    if (!offsets.isEmpty()) {
      consumer.commitAsync(offsets, (committed, error) -> {
        if (error != null) {
          LOG.warn("commit of {} failed: {}", committed, error.toString());
        } else {
          LOG.debug("committed {}", committed);
        }
      });
    }
  }

  private void commitSync(Collection<TopicPartition> partitions) {
    if (halted || partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(Set.copyOf(partitions));
    try {
      if (!offsets.isEmpty()) {
        consumer.commitSync(offsets, CLIENT_TIMEOUT);
        LOG.info("committed {}", offsets);
      }
    } catch (RuntimeException e) {
      LOG.warn("final commit of {} failed ({}); those records are handled again by the next owner", offsets,
          e.toString());
    }
  }

  private void shutdown() {
    try {
      commitSync(consumer.assignment());
    } finally {
      consumer.close(CloseOptions.timeout(halted ? Duration.ZERO : CLIENT_TIMEOUT));
      LOG.info("poll loop of {} stopped{}", Topics.CHAT_MESSAGES.name(), halted ? " abruptly" : "");
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (running) {
        drain(Set.copyOf(partitions));
      }
      sessions.abandon(partitions);
      commitSync(partitions);
      forget(partitions);
    }

    /**
     * Another connector is taking these partitions (a rebalance, not a shutdown): what was read from them is
     * finished here first, since their new owner would ask the questions already with the agent again; what is
     * unfinished after {@code drainTimeout} goes to it. On shutdown everything is left to the next owner at once, as a
     * killed process would leave it.
     */
    private void drain(Set<TopicPartition> revoked) {
      int inFlight = tracker.unfinished(revoked);
      if (inFlight == 0) {
        return;
      }
      long started = System.nanoTime();
      try {
        boolean drained = tracker.awaitFinished(revoked, drainTimeout);
        long took = (System.nanoTime() - started) / 1_000_000;
        if (drained) {
          LOG.info("{} revoked: {} message(s) in flight answered first, in {} ms", revoked, inFlight, took);
        } else {
          LOG.warn("{} revoked: {} of {} message(s) not answered within {} ms, left to the next owner", revoked,
              tracker.unfinished(revoked), inFlight, took);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      sessions.abandon(partitions);
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        partitions.forEach(tracker::assign);
        scan(partitions);
      }
      joined = true;
    }

    /** Runs before anything of these partitions is forwarded; see {@link AnsweredIndex} for why. */
    private void scan(Collection<TopicPartition> partitions) {
      try {
        Map<TopicPartition, Long> start = new HashMap<>();
        partitions.forEach(tp -> start.put(tp, consumer.position(tp, CLIENT_TIMEOUT)));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CLIENT_TIMEOUT);
        scanner.scan(start, end).forEach((tp, result) ->
            answered.put(tp, result.answered(), result.unfinished(), result.end()));
        LOG.info("assigned {} from {}; {} message(s) there already answered", partitions, start, answered.size());
      } catch (WakeupException | InterruptException e) {
        throw e;
      } catch (RuntimeException e) {
        // Without the scan a message answered just before a crash may be answered again (readers drop the
        // second answer); refusing to consume would instead leave every message of these partitions unanswered.
        LOG.warn("assigned {} but could not look for answered messages: {}", partitions, e.toString());
      }
    }

    private void forget(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> {
        tracker.revoke(tp);
        answered.remove(tp);
      });
    }
  }
}
