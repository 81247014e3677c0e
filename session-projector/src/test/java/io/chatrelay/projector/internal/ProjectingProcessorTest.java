package io.chatrelay.projector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.views.redis.LoggedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

class ProjectingProcessorTest {

  private record At(String topic, int partition, long offset) implements RecordMetadata {}

  @Test
  void shouldReadChatEventWithItsPartitionAndOffset() {
    SessionDeleted event = SessionDeleted.of("s9", "u9", Instant.parse("2025-01-01T00:00:00Z"));

    LoggedEvent logged = ProjectingProcessor.read(ChatEventSerde.toBytes(event), new At("chat-messages", 3, 17));

    assertThat(logged).isEqualTo(LoggedEvent.of(event, 3, 17));
    assertThat(logged.where()).isEqualTo("chat-messages-3@17");
  }

  @Test
  void shouldTurnRecordThatIsNotAnEventIntoPositionOnlyEntry() {
    byte[] garbage = "{\"type\":\"Nonsense\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(ProjectingProcessor.read(garbage, new At("chat-messages", 1, 5)))
        .isEqualTo(LoggedEvent.unreadable(1, 5));
    assertThat(ProjectingProcessor.read(null, new At("chat-messages", 1, 6)))
        .isEqualTo(LoggedEvent.unreadable(1, 6));
  }
}
