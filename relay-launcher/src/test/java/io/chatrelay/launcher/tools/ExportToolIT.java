package io.chatrelay.launcher.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports of a range starting now. Records are written with their events' times, in time order as a live log is
 * ({@code offsetsForTimes} relies on that), a few minutes into the future where the range needs it.
 */
@ExtendWith({RelayInfraExtension.class, ToolFixture.PerTest.class})
class ExportToolIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolFixture fixture;
  private Instant hour;

  @BeforeEach
  void start(ToolFixture fixture) {
    this.fixture = fixture;
    hour = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** One conversation; returns its session id. */
  private String conversation(AgentType type, Instant at, String words) {
    String session = UUID.randomUUID().toString();
    fixture.log.sendAsWritten(TestEvents.created(session, "user-" + type, at, type));
    UserMessage question = TestEvents.message(session, "user-" + type, at.plusSeconds(1), words, type);
    fixture.log.sendAsWritten(question);
    fixture.log.sendAsWritten(TestEvents.reply(question, at.plusSeconds(2), "answer to " + words));
    return session;
  }

  @Test
  void shouldExportTheEventsOfTheRangeOfOnePersonaAsJsonLines(@TempDir Path dir) throws Exception {
    conversation(AgentType.BankRep, hour.minusSeconds(600), "too early");
    String inRange = conversation(AgentType.BankRep, hour.plusSeconds(60), "in range");
    conversation(AgentType.TradeBodyRep, hour.plusSeconds(120), "other persona");
    conversation(AgentType.BankRep, hour.plusSeconds(1800), "too late");
    Path file = dir.resolve("bank.jsonl");

    ToolFixture.Run run = fixture.run(new ExportCommand(), "--from", hour.toString(), "--to",
        hour.plusSeconds(600).toString(), "--agent-type", "BankRep", "--output", file.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).extracting(l -> l.at("/event/type").asText())
        .containsExactly("SessionCreated", "UserMessage", "AgentReply");
    assertThat(lines).allMatch(l -> l.at("/event/sessionId").asText().equals(inRange))
        .allMatch(l -> l.get("agentType").asText().equals("BankRep"))
        .allMatch(l -> l.get("offset").isIntegralNumber() && l.get("partition").isIntegralNumber());
    assertThat(lines.get(1).at("/event/content").asText()).isEqualTo("in range");
    assertThat(run.err()).contains("export: 3 events of 1 sessions").contains("-> " + file);
    assertThat(dir.resolve("bank.jsonl.partial")).doesNotExist();
  }

  @Test
  void shouldExportCsvToStdoutWithDeletedSessionsRedacted() {
    String kept = conversation(AgentType.PaymentsEcosystemRep, hour.plusSeconds(10), "keep me");
    String gone = conversation(AgentType.PaymentsEcosystemRep, hour.plusSeconds(20), "forget me");
    fixture.log.sendAsWritten(SessionDeleted.of(gone, "user-PaymentsEcosystemRep", hour.plusSeconds(30)));

    ToolFixture.Run run = fixture.run(new ExportCommand(), "--from", hour.toString(), "--to",
        hour.plusSeconds(60).toString(), "--format", "csv");

    assertThat(run.status()).as(run.err()).isZero();
    List<String> rows = run.out().lines().toList();
    assertThat(rows.get(0)).startsWith("occurredAt,sessionId,userId,agentType,type");
    assertThat(rows).hasSize(1 + 3 + 4);
    assertThat(rows).filteredOn(r -> r.contains(kept)).hasSize(3).anyMatch(r -> r.contains(",user,keep me,"));
    assertThat(rows).filteredOn(r -> r.contains(gone)).hasSize(4).noneMatch(r -> r.contains("forget me"))
        .anyMatch(r -> r.contains(",user,[deleted],")).anyMatch(r -> r.contains(",SessionDeleted,"));
    assertThat(run.err()).contains("4 of deleted sessions redacted");
  }

  @Test
  void shouldExportNothingButSucceedForAnEmptyRange() {
    ToolFixture.Run run = fixture.run(new ExportCommand(), "--from", "1990-01-01", "--to", "1990-01-02",
        "--format", "csv");

    assertThat(run.status()).isZero();
    assertThat(run.out().lines()).hasSize(1);
    assertThat(run.err()).contains("export: 0 events");
  }
}
