package io.chatrelay.edge.live.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * What the feed thread does every few seconds besides polling: it reads where the unassigned partitions end, so that
 * {@link LiveFeed#position} stays close for them too, and, while it follows no partition at all, fetches once from the
 * end of one, since only a fetch tells the edge it may no longer read the topic (listing offsets needs no right to
 * read). An edge that cannot read then stops at once, as when it read every partition, not at its first socket.
 */
final class FeedUpkeep {

  /** How stale the lower bound of an unassigned partition may get: a lookup of a few partitions' ends. */
  static final Duration EVERY = Duration.ofSeconds(5);
  /** Long enough for a refusal to come back; a fetch from the end that is allowed returns once records arrive. */
  static final Duration PROBE = Duration.ofMillis(500);

  private final Consumer<byte[], byte[]> consumer;
  private final FeedPartition[] partitions;
  private final FeedMetrics metrics;
  private final Clock clock;
  private long lastRun;

  FeedUpkeep(Consumer<byte[], byte[]> consumer, FeedPartition[] partitions, FeedMetrics metrics, Clock clock) {
    this.consumer = consumer;
    this.partitions = partitions;
    this.metrics = metrics;
    this.clock = clock;
    this.lastRun = clock.millis();
  }

  /** Feed thread; {@code poll} is the feed's own poll, which a socket's request may wake. */
  void runIfDue(Set<TopicPartition> assignment, Function<Duration, ConsumerRecords<byte[], byte[]>> poll) {
    long now = clock.millis();
    if (now - lastRun < EVERY.toMillis()) {
      return;
    }
    readEnds(assignment);
    if (assignment.isEmpty()) {
      probeRead(poll);
    }
    lastRun = now;
  }

  private void readEnds(Set<TopicPartition> assignment) {
    List<TopicPartition> unassigned = new ArrayList<>();
    for (FeedPartition partition : partitions) {
      if (!assignment.contains(partition.tp)) {
        unassigned.add(partition.tp);
      }
    }
    if (!unassigned.isEmpty()) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(unassigned, FeedLoop.OFFSETS_TIMEOUT);
      ends.forEach((tp, end) -> partitions[tp.partition()].knownEnd(end));
    }
  }

  /** Records it brings are counted as fetched, never dispatched: the partition is not followed. */
  private void probeRead(Function<Duration, ConsumerRecords<byte[], byte[]>> poll) {
    List<TopicPartition> probed = List.of(partitions[0].tp);
    consumer.assign(probed);
    try {
      consumer.seekToEnd(probed);
      for (ConsumerRecord<byte[], byte[]> record : poll.apply(PROBE)) {
        metrics.fetched(FeedLoop.sizeOf(record.key()) + FeedLoop.sizeOf(record.value()));
      }
    } finally {
      consumer.assign(List.of());
    }
  }
}
