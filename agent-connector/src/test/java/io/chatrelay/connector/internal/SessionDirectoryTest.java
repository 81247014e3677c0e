package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionDirectoryTest {

  private static UserMessage message(String sessionId, Map<String, Object> metadata) {
    return UserMessage.of(sessionId, "u", Instant.EPOCH, null, "hi", metadata);
  }

  @Test
  void shouldAnswerWithThePersonaTheSessionWasCreatedWith() {
    SessionDirectory directory = new SessionDirectory(AgentType.BankRep, 10);
    directory.created("s-1", AgentType.TradeBodyRep);
    assertThat(directory.agentTypeFor(message("s-1", Map.of("agentType", "PaymentsEcosystemRep"))))
        .isEqualTo(AgentType.TradeBodyRep);
  }

  @Test
  void shouldPreferThePersonaTheEdgeStampedOnTheMessageEvenForSessionsNeverSeenCreated() {
    SessionDirectory directory = new SessionDirectory(AgentType.BankRep, 10);
    UserMessage stamped = UserMessage.of("s-2", "u", Instant.EPOCH, null, "hi", Map.of(), AgentType.TradeBodyRep);
    assertThat(directory.agentTypeFor(stamped)).isEqualTo(AgentType.TradeBodyRep);
  }

  @Test
  void shouldIgnoreAPersonaTheClientPutInMetadataAndFallBackToTheDefault() {
    SessionDirectory directory = new SessionDirectory(AgentType.BankRep, 10);
    assertThat(directory.agentTypeFor(message("s-3", Map.of("agentType", "PaymentsEcosystemRep"))))
        .isEqualTo(AgentType.BankRep);
    assertThat(directory.agentTypeFor(message("s-4", Map.of()))).isEqualTo(AgentType.BankRep);
  }

  @Test
  void shouldRememberDeletedSessions() {
    SessionDirectory directory = new SessionDirectory(AgentType.BankRep, 10);
    directory.created("s-1", AgentType.TradeBodyRep);
    directory.deleted("s-1");
    assertThat(directory.isDeleted("s-1")).isTrue();
    assertThat(directory.isDeleted("s-2")).isFalse();
  }

  @Test
  void shouldForgetTheLeastRecentlyUsedSessionWhenFull() {
    SessionDirectory directory = new SessionDirectory(AgentType.BankRep, 2);
    directory.created("old", AgentType.TradeBodyRep);
    directory.created("mid", AgentType.TradeBodyRep);
    directory.agentTypeFor(message("old", Map.of())); // touch: "mid" is now the eldest
    directory.created("new", AgentType.TradeBodyRep);

    assertThat(directory.size()).isEqualTo(2);
    assertThat(directory.agentTypeFor(message("old", Map.of()))).isEqualTo(AgentType.TradeBodyRep);
    assertThat(directory.agentTypeFor(message("mid", Map.of()))).isEqualTo(AgentType.BankRep);
  }
}
