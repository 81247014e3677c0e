package io.chatrelay.edge.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionViewTest {

  private static final Map<String, String> HASH = Map.of(
      "id", "s-1", "userId", "alice", "status", "active", "agentType", "TradeBodyRep", "messageCount", "3");

  @Test
  void shouldStampTheSessionsPersonaAndOwnerOnANewMessage() {
    SessionView session = SessionView.fromHash(HASH).orElseThrow();
    UserMessage message = session.newMessage(Instant.parse("2026-01-02T03:04:05.678912Z"), "c-1", "hi", Map.of());

    assertThat(message.agentType()).isEqualTo(AgentType.TradeBodyRep);
    assertThat(message.userId()).isEqualTo("alice");
    assertThat(message.sessionId()).isEqualTo("s-1");
    assertThat(message.clientMessageId()).isEqualTo("c-1");
    assertThat(message.occurredAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
  }

  @Test
  void shouldTreatADeletionTombstoneAsNoSession() {
    assertThat(SessionView.fromHash(Map.of("id", "s-1", "userId", "alice", "status", "deleted"))).isEmpty();
    assertThat(SessionView.fromHash(Map.of())).isEmpty();
  }
}
