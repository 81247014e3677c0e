package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SessionQueueTest {

  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
  private final OffsetTracker tracker = new OffsetTracker();
  private final SessionQueue queue = new SessionQueue();
  private long offset;

  private PendingMessage message(String content) {
    UserMessage m = UserMessage.of("s-1", "u-1", NOW, null, content, Map.of());
    return new PendingMessage(m, AgentType.BankRep, tracker.track(new TopicPartition("t", 0), offset++), NOW);
  }

  @Test
  void shouldHandMessagesOutInArrivalOrderOneAtATime() {
    PendingMessage first = message("first");
    PendingMessage second = message("second");
    queue.offer(first);
    queue.offer(second);

    assertThat(queue.start()).isSameAs(first);
    assertThatThrownBy(queue::start).as("a second message in flight would break answer matching")
        .isInstanceOf(IllegalStateException.class);
    queue.complete(first);
    assertThat(queue.start()).isSameAs(second);
    queue.complete(second);
    assertThat(queue.idle()).isTrue();
  }

  @Test
  void shouldRetryAPutBackMessageBeforeTheOnesBehindIt() {
    PendingMessage first = message("first");
    PendingMessage second = message("second");
    queue.offer(first);
    queue.offer(second);
    queue.start();
    queue.putBack(first);

    assertThat(queue.next()).isSameAs(first);
    assertThat(queue.start()).isSameAs(first);
  }

  @Test
  void shouldRefuseAMessageAlreadyQueuedOrInFlight() {
    PendingMessage first = message("first");
    queue.offer(first);
    queue.start();
    PendingMessage again = new PendingMessage(first.message(), AgentType.BankRep, first.ticket(), NOW);

    assertThat(queue.offer(again)).isFalse();
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void shouldMatchAnswersToTheMessageInFlight() {
    PendingMessage first = message("first");
    queue.offer(first);
    assertThat(queue.answers(null)).as("nothing in flight").isFalse();
    queue.start();

    assertThat(queue.answers(null)).as("agents that do not name the question are matched by order").isTrue();
    assertThat(queue.answers(first.eventId())).isTrue();
    assertThat(queue.answers(UUID.randomUUID())).isFalse();
  }

  @Test
  void shouldClearInFlightFirstThenWaiting() {
    PendingMessage first = message("first");
    PendingMessage second = message("second");
    queue.offer(first);
    queue.offer(second);
    queue.start();

    assertThat(queue.clear()).containsExactly(first, second);
    assertThat(queue.idle()).isTrue();
  }

  @Test
  void shouldRefuseToCompleteAMessageThatIsNotInFlight() {
    PendingMessage first = message("first");
    queue.offer(first);
    assertThatThrownBy(() -> queue.complete(first)).isInstanceOf(IllegalStateException.class);
  }
}
