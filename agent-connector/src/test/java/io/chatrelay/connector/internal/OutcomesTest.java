package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  private static final Instant NOW = Instant.parse("2025-01-01T10:00:05Z");
  private final Outcomes outcomes = new Outcomes(Clock.fixed(NOW, ZoneOffset.UTC));
  private final UserMessage message = UserMessage.of("s-1", "u-1", NOW.minusSeconds(5), null, "Hi", Map.of());
  private final PendingMessage pending = new PendingMessage(message, AgentType.PaymentsEcosystemRep,
      new OffsetTracker().track(new TopicPartition("chat-messages", 0), 0), NOW);

  @Test
  void shouldAnswerTheUserMessageWithTheAgentsFrame() {
    AgentFrame frame = AgentFrame.parse("{\"id\":\"agent-7\",\"type\":\"response\",\"content\":\"Hello\","
        + "\"metadata\":{\"agentType\":\"PaymentsEcosystemRep\",\"confidence\":0.9,\"processingTime\":42}}");

    AgentReply reply = outcomes.reply(pending, frame, frame.content(), null);

    assertThat(reply.inReplyTo()).isEqualTo(message.eventId());
    assertThat(reply.sessionId()).isEqualTo("s-1");
    assertThat(reply.userId()).isEqualTo("u-1");
    assertThat(reply.agentMessageId()).isEqualTo("agent-7");
    assertThat(reply.content()).isEqualTo("Hello");
    assertThat(reply.occurredAt()).isEqualTo(NOW);
    assertThat(reply.metadata().agentType()).isEqualTo(AgentType.PaymentsEcosystemRep);
    assertThat(reply.metadata().confidence()).isEqualTo(0.9);
    assertThat(reply.metadata().processingTime()).isEqualTo(42L);
  }

  @Test
  void shouldNameTheSessionsPersonaWhenTheAgentDoesNot() {
    AgentFrame frame = AgentFrame.parse("{\"id\":\"a\",\"type\":\"response\",\"content\":\"Hello\"}");
    assertThat(outcomes.reply(pending, frame, frame.content(), null).metadata().agentType())
        .isEqualTo(AgentType.PaymentsEcosystemRep);
  }

  @Test
  void shouldStampThePersonaItAskedWhateverTheAgentClaims() {
    AgentFrame frame = AgentFrame.parse("{\"id\":\"a\",\"type\":\"response\",\"content\":\"I am the bank\","
        + "\"metadata\":{\"agentType\":\"BankRep\",\"confidence\":0.9}}");
    assertThat(outcomes.reply(pending, frame, frame.content(), null).metadata().agentType())
        .isEqualTo(AgentType.PaymentsEcosystemRep);
  }

  @Test
  void shouldTellTheUserAnOversizedAnswerWasNotShown() {
    AgentError error = outcomes.tooLarge(pending);
    assertThat(error.code()).isEqualTo("agent_error");
    assertThat(error.inReplyTo()).isEqualTo(message.eventId());
    assertThat(error.content()).isEqualTo(
        "The payments ecosystem representative sent an answer too large to show. Please try again.");
  }

  @Test
  void shouldGiveEachFailureItsStableCode() {
    AgentFrame error = AgentFrame.parse("{\"id\":\"a\",\"type\":\"error\",\"content\":\"I cannot help\"}");

    AgentError agentError = outcomes.agentError(pending, error);
    assertThat(agentError.code()).isEqualTo("agent_error");
    assertThat(agentError.content()).isEqualTo("I cannot help");
    assertThat(agentError.inReplyTo()).isEqualTo(message.eventId());
    assertThat(outcomes.timeout(pending).code()).isEqualTo("agent_timeout");
    assertThat(outcomes.unavailable(pending).code()).isEqualTo("agent_unavailable");
    assertThat(outcomes.unavailable(pending).inReplyTo()).isEqualTo(message.eventId());
  }

  @Test
  void shouldTellTheUserThePersonaIsUnavailableAndTheMessageWillBeAnswered() {
    AgentStatus status = outcomes.unavailableStatus("s-1", "u-1", AgentType.BankRep);

    assertThat(status.status()).isEqualTo("unavailable");
    assertThat(status.content()).isEqualTo(
        "The bank representative is unavailable at the moment; your message will be answered when it is back.");
    assertThat(outcomes.availableStatus("s-1", "u-1", AgentType.BankRep).status()).isEqualTo("available");
  }
}
