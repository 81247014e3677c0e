package io.chatrelay.launcher.tools.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedactionTest {

  private static final Instant AT = Instant.parse("2026-01-15T10:15:30.123Z");

  @Test
  void shouldRemoveWhatPeopleWroteAndTheirDeviceButKeepTheShapeOfTheConversation() {
    UserMessage message = UserMessage.of("s", "u", AT, "c-1", "my account is 1234", Map.of("phone", "0123"),
        AgentType.BankRep);
    UserMessage redacted = (UserMessage) Redaction.redact(message);
    SessionCreated created = (SessionCreated) Redaction.redact(SessionCreated.of("s", "u", AT,
        new SessionMetadata(AgentType.BankRep, "Firefox", "10.1.2.3")));

    assertThat(redacted.content()).isEqualTo(Redaction.REDACTED);
    assertThat(redacted.metadata()).isEmpty();
    assertThat(redacted.eventId()).isEqualTo(message.eventId());
    assertThat(redacted.occurredAt()).isEqualTo(AT);
    assertThat(redacted.agentType()).isEqualTo(AgentType.BankRep);
    assertThat(created.metadata()).isEqualTo(new SessionMetadata(AgentType.BankRep, null, null));
  }

  @Test
  void shouldRedactEveryEventTypeThatCarriesText() {
    UUID q = UUID.randomUUID();
    ChatEvent[] events = {
        new AgentReply(UUID.randomUUID(), 1, "s", "u", AT, q, "a", "your balance is 5",
            new AgentMetadata(AgentType.BankRep, 0.5, 1L)),
        new AgentError(UUID.randomUUID(), 1, "s", "u", AT, q, "agent_error", "about 1234", null),
        new AgentStatus(UUID.randomUUID(), 1, "s", "u", AT, "thinking", "about 1234", null),
        new AgentReplyChunk(UUID.randomUUID(), 1, "s", "u", AT, q, 0, "your balance is 5", AgentType.BankRep),
        AnswerFeedback.of("s", "u", AT, q, "down", "my card 1234 was refused", AgentType.BankRep, "f-1")};

    for (ChatEvent event : events) {
      assertThat(Redaction.redact(event).toString()).doesNotContain("1234").doesNotContain("balance is 5");
    }
    ChatEvent deleted = SessionDeleted.of("s", "u", AT);
    assertThat(Redaction.redact(deleted)).isSameAs(deleted);
    ChatEvent cancel = CancelRequested.of("s", "u", AT, q, "c-1");
    assertThat(Redaction.redact(cancel)).as("a stop carries nothing anybody wrote").isSameAs(cancel);
    AgentReply stopped = new AgentReply(UUID.randomUUID(), 1, "s", "u", AT, q, null, "half of 1234", null,
        AgentReply.FINISH_CANCELLED, new StreamStats(3, 1, 10, 20));
    AgentReply redacted = (AgentReply) Redaction.redact(stopped);
    assertThat(redacted.finish()).isEqualTo(AgentReply.FINISH_CANCELLED);
    assertThat(redacted.stream()).isEqualTo(stopped.stream());
  }
}
