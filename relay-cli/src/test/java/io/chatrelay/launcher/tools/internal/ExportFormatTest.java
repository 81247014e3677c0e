package io.chatrelay.launcher.tools.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.UserMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExportFormatTest {

  private static final Instant AT = Instant.parse("2026-01-15T10:15:30.123Z");

  @Test
  void shouldWrapTheLoggedEventWithItsPositionAndPersonaInJsonLines() {
    UserMessage message = UserMessage.of("s-1", "alice", AT, null, "hi", Map.of());
    String json = new String(ChatEventSerde.toBytes(message), StandardCharsets.UTF_8);

    assertThat(ExportFormat.jsonl.line(3, 41, AgentType.BankRep, message, json))
        .isEqualTo("{\"partition\":3,\"offset\":41,\"agentType\":\"BankRep\",\"event\":" + json + "}");
    assertThat(ExportFormat.jsonl.line(3, 41, null, message, json)).contains("\"agentType\":null");
    assertThat(ExportFormat.jsonl.header()).isNull();
  }

  @Test
  void shouldWriteOneCsvRowPerEventUnderTheHeader() {
    UUID question = UUID.fromString("00000000-0000-4000-8000-000000000001");
    AgentError error = new AgentError(UUID.fromString("00000000-0000-4000-8000-000000000002"), 1, "s-1", "alice",
        AT, question, "agent_timeout", "Sorry, \"slow\", try again", AgentType.TradeBodyRep);

    assertThat(ExportFormat.csv.header()).isEqualTo("occurredAt,sessionId,userId,agentType,type,eventId,role,"
        + "content,inReplyTo,code,status,partition,offset");
    assertThat(ExportFormat.csv.line(0, 7, AgentType.TradeBodyRep, error, "{}")).isEqualTo(
        "2026-01-15T10:15:30.123Z,s-1,alice,TradeBodyRep,AgentError,00000000-0000-4000-8000-000000000002,system,"
            + "\"Sorry, \"\"slow\"\", try again\",00000000-0000-4000-8000-000000000001,agent_timeout,,0,7");
  }

  @Test
  void shouldQuoteLineBreaksAndDefuseSpreadsheetFormulas() {
    assertThat(ExportFormat.csv("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(ExportFormat.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(ExportFormat.csv("+1")).isEqualTo("\"'+1\"");
    assertThat(ExportFormat.csv("plain")).isEqualTo("plain");
    assertThat(ExportFormat.csv(null)).isEmpty();
  }
}
