package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("chat-messages", 0);
  private static final TopicPartition P1 = new TopicPartition("chat-messages", 1);

  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void shouldCommitOnlyTheContiguousFinishedPrefix() {
    tracker.assign(P0);
    OffsetTracker.Ticket t10 = tracker.track(P0, 10);
    OffsetTracker.Ticket t11 = tracker.track(P0, 11);
    OffsetTracker.Ticket t12 = tracker.track(P0, 12);

    t11.finish();
    t12.finish();
    assertThat(tracker.advanced()).as("10 unfinished holds 11 and 12 back").isEmpty();

    t10.finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));
  }

  @Test
  void shouldAdvanceStepByStepAsTheHeadFinishes() {
    tracker.assign(P0);
    OffsetTracker.Ticket t0 = tracker.track(P0, 0);
    OffsetTracker.Ticket t1 = tracker.track(P0, 1);
    tracker.track(P0, 2);

    t0.finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    assertThat(tracker.advanced()).as("nothing moved since").isEmpty();
    t1.finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    assertThat(tracker.unfinished()).isEqualTo(1);
  }

  @Test
  void shouldNotLetGapsBetweenOffsetsHoldThePrefixBack() {
    tracker.assign(P0);
    OffsetTracker.Ticket t5 = tracker.track(P0, 5);
    OffsetTracker.Ticket t9 = tracker.track(P0, 9); // 6..8 are transaction markers the consumer never returns
    t9.finish();
    t5.finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void shouldKeepPartitionsIndependent() {
    tracker.assign(P0);
    tracker.assign(P1);
    tracker.track(P0, 0);
    OffsetTracker.Ticket p1 = tracker.track(P1, 0);
    p1.finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P1, new OffsetAndMetadata(1)));
  }

  @Test
  void shouldIgnoreTicketsOfARevokedPartition() {
    tracker.assign(P0);
    OffsetTracker.Ticket old = tracker.track(P0, 0);
    tracker.revoke(P0);
    tracker.assign(P0);
    tracker.track(P0, 0);

    old.finish();
    assertThat(tracker.advanced()).as("the old assignment's work must not move the new owner's offsets").isEmpty();
    assertThat(tracker.committable(Set.of(P0))).isEmpty();
    assertThat(tracker.unfinished()).isEqualTo(1);
  }

  @Test
  void shouldTolerateFinishingTwice() {
    tracker.assign(P0);
    OffsetTracker.Ticket t0 = tracker.track(P0, 0);
    OffsetTracker.Ticket t1 = tracker.track(P0, 1);
    t0.finish();
    t0.finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    t1.finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
  }

  @Test
  void shouldGiveTheFinalCommitPositionEvenWhenAlreadyHandedOut() {
    tracker.assign(P0);
    tracker.track(P0, 3).finish();
    assertThat(tracker.advanced()).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
    assertThat(tracker.committable(Set.of(P0, P1))).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
  }
}
