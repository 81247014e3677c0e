package io.chatrelay.launcher.tools.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTextTest {

  private static final Instant AT = Instant.parse("2026-01-15T10:15:30.123Z");

  @Test
  void shouldPrintOneReadableLinePerEvent() {
    UUID question = UUID.randomUUID();

    assertThat(EventText.of(41, SessionCreated.of("s", "alice", AT, new SessionMetadata(AgentType.BankRep, null,
        null)))).isEqualTo("#41      2026-01-15 10:15:30.123Z  session created  persona BankRep, user alice");
    assertThat(EventText.of(42, UserMessage.of("s", "alice", AT, null, "What is my balance?", Map.of())))
        .isEqualTo("#42      2026-01-15 10:15:30.123Z  user             What is my balance?");
    assertThat(EventText.of(43, new AgentReply(UUID.randomUUID(), 1, "s", "alice", AT, question, "a", "It is 42.",
        new AgentMetadata(AgentType.BankRep, 0.9, 120L))))
        .endsWith("assistant        It is 42.  [BankRep, confidence 0.9, 120 ms]");
    assertThat(EventText.of(44, new AgentError(UUID.randomUUID(), 1, "s", "alice", AT, question, "agent_timeout",
        "Too slow.", null))).endsWith("error            agent_timeout: Too slow.");
    assertThat(EventText.of(45, SessionDeleted.of("s", "alice", AT))).endsWith("session deleted");
    assertThat(EventText.unreadable(46, 12)).isEqualTo("#46" + " ".repeat(32) + "(not a chat event, 12 bytes)");
  }

  @Test
  void shouldIndentFollowingLinesOfAMultiLineMessage() {
    String text = EventText.of(7, UserMessage.of("s", "u", AT, null, "first line\nsecond line", Map.of()));

    assertThat(text.lines()).containsExactly(
        "#7       2026-01-15 10:15:30.123Z  user             first line",
        "                                                    second line");
  }

  @Test
  void shouldNeverPassTerminalControlSequencesThrough() {
    String text = EventText.of(8, UserMessage.of("s", "u", AT, null, "\u001b[2Jgone\rback\u0007", Map.of()));

    assertThat(text).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0007")
        .contains("\\u001b[2Jgone\\u000dback\\u0007");
  }
}
