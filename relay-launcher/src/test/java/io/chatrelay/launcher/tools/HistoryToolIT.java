package io.chatrelay.launcher.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionIds;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({RelayInfraExtension.class, ToolFixture.PerTest.class})
class HistoryToolIT {

  private ToolFixture fixture;
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @BeforeEach
  void start(ToolFixture fixture) {
    this.fixture = fixture;
  }

  @Test
  void shouldPrintTheConversationInLogOrderStartingWhereTheViewSaysItBegins() {
    String home = fixture.infra.uniqueName("views") + ":";
    fixture.projector(home);
    String session = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    RecordMetadata first = fixture.log.send(TestEvents.created(session, "alice", t0, AgentType.BankRep));
    fixture.log.send(TestEvents.created(other, "bob", t0, AgentType.BankRep));
    UserMessage question = TestEvents.message(session, "alice", t0.plusMillis(10), "What is\nmy balance?",
        AgentType.BankRep);
    fixture.log.send(question);
    fixture.log.send(TestEvents.message(other, "bob", t0.plusMillis(11), "not alice's", AgentType.BankRep));
    RecordMetadata last = fixture.log.send(TestEvents.reply(question, t0.plusMillis(20), "It is 42."));
    fixture.positions(home).awaitApplied(last);

    ToolFixture.Run run = fixture.run(new HistoryCommand(), session, "--view-prefix=" + home);

    assertThat(run.status()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("#" + first.offset()).contains("session created  persona BankRep, user alice");
    assertThat(lines.get(1)).contains("user             What is");
    assertThat(lines.get(2).trim()).isEqualTo("my balance?");
    assertThat(lines.get(3)).startsWith("#" + last.offset()).contains("assistant        It is 42.");
    assertThat(run.out()).doesNotContain("not alice's");
    assertThat(run.err()).contains("3 events of session " + session).contains("start found by view")
        .contains("offsets " + first.offset() + "..");
  }

  @Test
  void shouldFindAVersion7SessionWithoutAnyViewAndPrintItsEventsAsTheyAreInTheLog() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    List<ChatEvent> events = List.of(TestEvents.created(session, "carol", t0, AgentType.TradeBodyRep),
        TestEvents.message(session, "carol", t0.plusMillis(5), "Hello", AgentType.TradeBodyRep));
    fixture.log.sendAll(events);

    ToolFixture.Run run = fixture.run(new HistoryCommand(), session, "--no-views", "--format", "jsonl");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactlyElementsOf(events.stream()
        .map(e -> new String(ChatEventSerde.toBytes(e), StandardCharsets.UTF_8)).toList());
    assertThat(run.err()).contains("start found by session id");
  }

  @Test
  void shouldNotShowWhatPeopleWroteInADeletedSession() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    fixture.log.send(TestEvents.created(session, "dave", t0, AgentType.BankRep));
    fixture.log.send(
        TestEvents.message(session, "dave", t0.plusMillis(1), "my card number is 4111", AgentType.BankRep));
    fixture.log.send(SessionDeleted.of(session, "dave", t0.plusMillis(2)));

    ToolFixture.Run text = fixture.run(new HistoryCommand(), session, "--no-views");
    ToolFixture.Run jsonl = fixture.run(new HistoryCommand(), session, "--no-views", "--format=jsonl");

    assertThat(text.status()).isZero();
    assertThat(text.out()).doesNotContain("4111").contains("[deleted]").contains("session deleted");
    assertThat(jsonl.out()).doesNotContain("4111").doesNotContain("it-browser").doesNotContain("10.0.0.9");
    assertThat(jsonl.out().lines()).hasSize(3);
    assertThat(text.err()).contains("was deleted");
  }

  @Test
  void shouldSayNothingWasFoundAndFailForAnUnknownSession() {
    ToolFixture.Run run = fixture.run(new HistoryCommand(), SessionIds.newId(Clock.systemUTC()).toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no events for session");
  }
}
