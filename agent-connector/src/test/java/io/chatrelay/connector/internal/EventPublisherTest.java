package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private final MockProducer<String, ChatEvent> producer = new MockProducer<>(false, null, new StringSerializer(),
      Topics.CHAT_MESSAGES.valueSerde().serializer());
  private final SessionLoop timers = new SessionLoop("publisher-test-timers");
  private final List<Exception> fatal = new CopyOnWriteArrayList<>();
  private final EventPublisher publisher = new EventPublisher(producer, timers,
      new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), new Random(1)), fatal::add);

  @AfterEach
  void close() {
    publisher.close(Duration.ZERO);
    timers.close();
  }

  private static ChatEvent event() {
    return new UserMessage(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), "dana",
        Instant.parse("2026-12-05T10:00:00Z"), "c-1", "hello", Map.of(), AgentType.BankRep);
  }

  /** Completes the producer's next pending send with {@code error}, once the publisher's thread has sent it. */
  private void failNext(RuntimeException error) {
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.errorNext(error));
  }

  @Test
  void shouldReportAnErrorAfterWhichNothingCanBeWrittenAsFatal() {
    CompletableFuture<Void> done = publisher.publish(event());

    failNext(new TopicAuthorizationException("Not authorized to access topics: [chat-messages]"));

    assertThatThrownBy(() -> done.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    assertThat(fatal).singleElement().isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void shouldFailOnlyTheOneEventOnAnErrorOfThatEvent() {
    CompletableFuture<Void> done = publisher.publish(event());

    failNext(new RecordTooLargeException("the record is too large"));

    assertThatThrownBy(() -> done.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RecordTooLargeException.class);
    assertThat(fatal).isEmpty();
  }

  @Test
  void shouldRetryARetriableErrorUntilTheEventIsWritten() throws Exception {
    CompletableFuture<Void> done = publisher.publish(event());

    failNext(new NotLeaderOrFollowerException("leader moved"));
    await().atMost(Duration.ofSeconds(5)).until(producer::completeNext);

    done.get(5, TimeUnit.SECONDS);
    assertThat(producer.history()).hasSize(2);
    assertThat(fatal).isEmpty();
  }
}
