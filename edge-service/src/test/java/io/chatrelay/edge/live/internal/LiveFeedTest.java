package io.chatrelay.edge.live.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live feed's partitions on demand, over a MockConsumer of three partitions and a manual clock. */
class LiveFeedTest {

  private static final String TOPIC = Topics.CHAT_MESSAGES.name();
  private static final Duration RELEASE_IDLE = Duration.ofSeconds(60);
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final FeedConsumer consumer = new FeedConsumer();
  private final FeedMetrics metrics = new FeedMetrics(new SimpleMeterRegistry());
  private final LiveFeed feed = start();

  private LiveFeed start() {
    consumer.updatePartitions(TOPIC, IntStream.range(0, 3)
        .mapToObj(p -> new PartitionInfo(TOPIC, p, null, null, null)).toList());
    consumer.updateEndOffsets(Map.of(P0, 5L, P1, 7L, P2, 0L));
    return new LiveFeed(consumer, RELEASE_IDLE, clock, metrics);
  }

  @AfterEach
  void close() {
    feed.close();
  }

  @Test
  void shouldAssignAPartitionOnItsFirstSubscribeAndStartAtItsEnd() {
    assertThat(consumer.assignment()).as("nothing is read before a socket needs it").isEmpty();
    Watcher alice = new Watcher(sessionOn(1, "alice"));

    assertThat(startOf(alice)).isEqualTo(7);
    assertThat(consumer.assignment()).containsExactly(P1);
    assertThat(metrics.partitions()).isEqualTo(1);

    consumer.addRecord(record(P1, 7, alice.sessionId));
    await().atMost(5, TimeUnit.SECONDS).until(() -> alice.offsets().equals(List.of(7L)));
    assertThat(metrics.records()).isEqualTo(1);
    assertThat(metrics.bytes()).isGreaterThan(alice.sessionId.length());
  }

  @Test
  void shouldNotSeekAgainForASecondSessionOnTheSamePartition() {
    Watcher alice = new Watcher(sessionOn(1, "alice"));
    assertThat(startOf(alice)).isEqualTo(7);
    consumer.addRecord(record(P1, 7, alice.sessionId));
    consumer.addRecord(record(P1, 8, alice.sessionId));
    await().atMost(5, TimeUnit.SECONDS).until(() -> alice.offsets().size() == 2);
    // The log has grown meanwhile: seeking to its end again would skip 9..19 for alice.
    consumer.updateEndOffsets(Map.of(P1, 20L));

    Watcher bob = new Watcher(sessionOn(1, "bob"));

    assertThat(startOf(bob)).isEqualTo(9);
    consumer.addRecord(record(P1, 9, bob.sessionId));
    consumer.addRecord(record(P1, 10, alice.sessionId));
    await().atMost(5, TimeUnit.SECONDS).until(() -> alice.offsets().size() == 3);
    assertThat(alice.offsets()).containsExactly(7L, 8L, 10L);
    assertThat(bob.offsets()).containsExactly(9L);

    // Following another partition leaves this one where it was too.
    Watcher carol = new Watcher(sessionOn(0, "carol"));
    assertThat(startOf(carol)).isEqualTo(5);
    consumer.addRecord(record(P1, 11, alice.sessionId));
    await().atMost(5, TimeUnit.SECONDS).until(() -> alice.offsets().size() == 4);
    assertThat(alice.offsets()).endsWith(11L);
  }

  @Test
  void shouldReleaseAPartitionOnceNoSocketNeededItForTheIdlePeriod() {
    Watcher alice = new Watcher(sessionOn(1, "alice"));
    Watcher carol = new Watcher(sessionOn(0, "carol"));
    startOf(alice);
    startOf(carol);
    feed.unsubscribe(alice);

    clock.advance(RELEASE_IDLE.minusSeconds(1));
    consumer.awaitPolls(3);
    assertThat(consumer.assignment()).as("idle for less than the period").containsExactlyInAnyOrder(P0, P1);

    clock.advance(Duration.ofSeconds(1));
    await().atMost(5, TimeUnit.SECONDS).until(() -> consumer.assignment().equals(Set.of(P0)));
    assertThat(metrics.partitions()).isEqualTo(1);
  }

  @Test
  void shouldNotDeliverEventsOfAReleasedPartitionAndFollowItAgainFromItsNewEnd() {
    Watcher alice = new Watcher(sessionOn(1, "alice"));
    Watcher carol = new Watcher(sessionOn(0, "carol"));
    startOf(alice);
    startOf(carol);
    feed.unsubscribe(alice);
    clock.advance(RELEASE_IDLE);
    await().atMost(5, TimeUnit.SECONDS).until(() -> consumer.assignment().equals(Set.of(P0)));
    // Written while released: the resume reads 7..11 from the views or the log, not the feed.
    consumer.updateEndOffsets(Map.of(P1, 12L));

    Watcher again = new Watcher(alice.sessionId);
    assertThat(startOf(again)).isEqualTo(12);
    // A fetch of the released period arriving late, then the new event.
    consumer.stale.add(new ConsumerRecords<>(Map.of(P1, List.of(record(P1, 9, alice.sessionId))), Map.of()));
    consumer.addRecord(record(P1, 12, alice.sessionId));
    consumer.addRecord(record(P0, 5, carol.sessionId));

    await().atMost(5, TimeUnit.SECONDS).until(() -> carol.offsets().size() == 1);
    await().atMost(5, TimeUnit.SECONDS).until(() -> !again.offsets().isEmpty());
    assertThat(again.offsets()).containsExactly(12L);
    assertThat(alice.offsets()).isEmpty();
  }

  @Test
  void shouldKeepPositionALowerBoundOfTheNextOffsetOfAnUnassignedPartition() {
    assertThat(feed.position(2)).as("never assigned: its end at start").isEqualTo(0);
    Watcher alice = new Watcher(sessionOn(1, "alice"));
    startOf(alice);
    consumer.addRecord(record(P1, 7, alice.sessionId));
    await().atMost(5, TimeUnit.SECONDS).until(() -> feed.position(1) == 8);
    feed.unsubscribe(alice);
    consumer.updateEndOffsets(Map.of(P1, 8L, P2, 4L));
    clock.advance(RELEASE_IDLE);
    await().atMost(5, TimeUnit.SECONDS).until(() -> consumer.assignment().isEmpty());
    assertThat(feed.position(1)).as("released: what it dispatched").isEqualTo(8);

    // Both grow while unassigned; the feed reads their ends again every few seconds, never beyond them.
    consumer.updateEndOffsets(Map.of(P1, 15L, P2, 9L));
    assertThat(feed.position(1)).isLessThanOrEqualTo(15);
    assertThat(feed.position(2)).isLessThanOrEqualTo(9);
    clock.advance(FeedUpkeep.EVERY);
    await().atMost(5, TimeUnit.SECONDS).until(() -> feed.position(1) == 15 && feed.position(2) == 9);
  }

  @Test
  void shouldStopWhenItMayNoLongerReadTheTopicEvenWhileFollowingNoPartition() {
    // Listing offsets needs no right to read: only a fetch is refused.
    consumer.setPollException(new TopicAuthorizationException(Set.of(TOPIC)));

    clock.advance(FeedUpkeep.EVERY);

    Throwable cause = feed.fatalFailure().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    assertThat(cause).isInstanceOf(TopicAuthorizationException.class);
  }

  /** As a handshake does: holds the partition until it is followed, then subscribes. */
  private long startOf(Watcher watcher) {
    LiveFeed.Hold hold = feed.hold(watcher.sessionId);
    hold.followed().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    return feed.subscribe(watcher, hold);
  }

  /** A session id the producer's partitioner puts on {@code partition}. */
  private String sessionOn(int partition, String prefix) {
    return IntStream.range(0, 1000).mapToObj(i -> prefix + "-" + i).filter(id -> feed.partitionOf(id) == partition)
        .findFirst().orElseThrow();
  }

  private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, String sessionId) {
    UserMessage event = UserMessage.of(sessionId, "u-1", Instant.parse("2026-03-01T10:00:00Z"), "c-" + offset,
        "hello", Map.of(), null);
    return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, sessionId.getBytes(StandardCharsets.UTF_8),
        ChatEventSerde.toBytes(event));
  }

  /** A socket of one session, remembering the offsets it was sent. */
  private static final class Watcher implements LiveFeed.Subscriber {
    private final String sessionId;
    private final List<LiveEvent> events = new CopyOnWriteArrayList<>();

    Watcher(String sessionId) {
      this.sessionId = sessionId;
    }

    @Override
    public String sessionId() {
      return sessionId;
    }

    @Override
    public void onEvent(LiveEvent event) {
      events.add(event);
    }

    List<Long> offsets() {
      return events.stream().map(LiveEvent::offset).toList();
    }
  }

  /** Waits a little in poll, as a real one waits for records; can hand out a stale fetch; counts polls. */
  private static final class FeedConsumer extends MockConsumer<byte[], byte[]> {
    final Queue<ConsumerRecords<byte[], byte[]>> stale = new ConcurrentLinkedQueue<>();
    private final AtomicInteger polls = new AtomicInteger();

    FeedConsumer() {
      super("latest");
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      LockSupport.parkNanos(Math.min(timeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(5)));
      polls.incrementAndGet();
      ConsumerRecords<byte[], byte[]> late = stale.poll();
      return late != null ? late : super.poll(Duration.ZERO);
    }

    /** Until the feed thread polled {@code more} times from now: it looked at the clock meanwhile. */
    void awaitPolls(int more) {
      int target = polls.get() + more;
      await().atMost(5, TimeUnit.SECONDS).until(() -> polls.get() >= target);
    }
  }
}
