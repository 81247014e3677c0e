package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AnsweredIndexTest {

  private static final TopicPartition P0 = new TopicPartition("chat-messages", 0);
  private static final TopicPartition P1 = new TopicPartition("chat-messages", 1);

  @Test
  void shouldReportMessagesAnsweredBeforeTheScannedEnd() {
    UUID answered = UUID.randomUUID();
    AnsweredIndex index = new AnsweredIndex();
    index.put(P0, Set.of(answered), 100);

    assertThat(index.answered(P0, 10, answered)).isTrue();
    assertThat(index.answered(P0, 11, UUID.randomUUID())).isFalse();
    assertThat(index.answered(P1, 10, answered)).as("another partition").isFalse();
  }

  @Test
  void shouldForgetAPartitionOnceConsumptionPassesTheScannedEnd() {
    UUID answered = UUID.randomUUID();
    AnsweredIndex index = new AnsweredIndex();
    index.put(P0, Set.of(answered), 100);

    assertThat(index.answered(P0, 100, UUID.randomUUID())).isFalse();
    assertThat(index.size()).isZero();
  }

  @Test
  void shouldForgetARevokedPartition() {
    UUID answered = UUID.randomUUID();
    AnsweredIndex index = new AnsweredIndex();
    index.put(P0, Set.of(answered), 100);
    index.remove(P0);
    assertThat(index.answered(P0, 10, answered)).isFalse();
  }
}
