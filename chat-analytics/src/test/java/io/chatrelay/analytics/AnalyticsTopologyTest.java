package io.chatrelay.analytics;

import static io.chatrelay.analytics.AnalyticsTestDriver.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

  private AnalyticsTestDriver driver;

  @BeforeEach
  void start() {
    driver = new AnalyticsTestDriver();
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldCountMessagesRepliesAndErrorsPerAgentTypeAndMinute() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    String trade = driver.session(AgentType.TradeBodyRep, at("00:01.000"));
    UserMessage first = driver.ask(bank, at("00:10.000"));
    driver.answer(first, at("00:11.000"));
    UserMessage second = driver.ask(bank, at("00:20.000"));
    driver.answer(second, at("00:23.000"));
    UserMessage tradeQuestion = driver.ask(trade, at("00:30.000"));
    driver.fail(tradeQuestion, at("00:40.000"));
    UserMessage nextMinute = driver.ask(trade, at("01:05.000"));
    driver.answer(nextMinute, at("01:05.250"));

    Map<String, AgentMinuteStats> stats = driver.latest();

    AgentMinuteStats bankMinute = stats.get("BankRep@2026-01-15T10:00:00Z");
    assertThat(bankMinute.userMessages()).isEqualTo(2);
    assertThat(bankMinute.replies()).isEqualTo(2);
    assertThat(bankMinute.errors()).isZero();
    assertThat(bankMinute.latencyMs().count()).isEqualTo(2);
    assertThat((double) bankMinute.latencyMs().p50()).isCloseTo(1000, within(20.0));
    assertThat((double) bankMinute.latencyMs().max()).isCloseTo(3000, within(40.0));
    AgentMinuteStats tradeMinute = stats.get("TradeBodyRep@2026-01-15T10:00:00Z");
    assertThat(tradeMinute.userMessages()).isEqualTo(1);
    assertThat(tradeMinute.errors()).isEqualTo(1);
    assertThat(tradeMinute.replies()).isZero();
    assertThat(tradeMinute.latencyMs()).isNull();
    AgentMinuteStats tradeNext = stats.get("TradeBodyRep@2026-01-15T10:01:00Z");
    assertThat(tradeNext.minute()).isEqualTo(at("01:00.000"));
    assertThat(tradeNext.replies()).isEqualTo(1);
    assertThat((double) tradeNext.latencyMs().p99()).isCloseTo(250, within(5.0));
    assertThat(stats).hasSize(3);
  }

  @Test
  void shouldCountOnlyTheFirstAnswerToAUserMessage() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = driver.ask(bank, at("00:01.000"));
    driver.answer(question, at("00:02.000"));
    driver.answer(question, at("00:03.000"));
    driver.fail(question, at("00:04.000"));
    driver.failSession(bank, at("00:05.000"));

    AgentMinuteStats minute = driver.latest().get("BankRep@2026-01-15T10:00:00Z");

    assertThat(minute.replies()).isEqualTo(1);
    assertThat(minute.errors()).as("only the session-wide error").isEqualTo(1);
  }

  @Test
  void shouldNotCountMessagesOfUnknownOrDeletedSessionsNorRecordsThatAreNotEvents() {
    UserMessage stray = driver.ask(UUID.randomUUID().toString(), at("00:01.000"));
    driver.answer(stray, at("00:02.000"));
    driver.sendRaw("garbage", "{nope".getBytes(), at("00:03.000"));
    String bank = driver.session(AgentType.BankRep, at("00:04.000"));
    UserMessage question = driver.ask(bank, at("00:05.000"));
    driver.send(SessionDeleted.of(bank, "u", at("00:06.000")));
    driver.answer(question, at("00:07.000"));
    driver.ask(bank, at("00:08.000"));

    Map<String, AgentMinuteStats> stats = driver.latest();

    assertThat(stats).containsOnlyKeys("BankRep@2026-01-15T10:00:00Z");
    AgentMinuteStats minute = stats.get("BankRep@2026-01-15T10:00:00Z");
    assertThat(minute.userMessages()).isEqualTo(1);
    assertThat(minute.replies()).isZero();
  }

  @Test
  void shouldIgnoreEventsArrivingAfterTheirMinuteClosed() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    driver.ask(bank, at("00:30.000"));
    driver.ask(bank, at("02:00.000"));
    driver.ask(bank, at("00:45.000"));

    assertThat(driver.latest().get("BankRep@2026-01-15T10:00:00Z").userMessages()).isEqualTo(1);
  }

  @Test
  void shouldNotCountAnEventStampedFarAheadOfItsRecordButCountWhatFollows() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = UserMessage.of(bank, "u", at("00:10.000").plus(Duration.ofDays(1)), null, "from the future",
        Map.of());
    driver.sendRaw(bank, ChatEventSerde.toBytes(question), at("00:10.000"));
    // 30 s ahead of its record: a clock a little fast, still counted.
    UserMessage early = UserMessage.of(bank, "u", at("00:50.000"), null, "a fast clock", Map.of());
    driver.sendRaw(bank, ChatEventSerde.toBytes(early), at("00:20.000"));
    driver.ask(bank, at("00:55.000"));

    Map<String, AgentMinuteStats> latest = driver.latest();
    assertThat(latest).containsOnlyKeys("BankRep@2026-01-15T10:00:00Z");
    assertThat(latest.get("BankRep@2026-01-15T10:00:00Z").userMessages()).isEqualTo(2);
  }

  @Test
  void shouldKeyEveryRecordByAgentTypeAndMinute() {
    String bank = driver.session(AgentType.PaymentsEcosystemRep, at("59:59.999").minusSeconds(3600));
    driver.ask(bank, T0.minusMillis(1));

    assertThat(driver.latest()).containsOnlyKeys("PaymentsEcosystemRep@2026-01-15T09:59:00Z");
  }

  @Test
  void shouldSkipEventTypesItDoesNotCountByTheirHeaderAndStillReadRecordsWithoutOne() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = UserMessage.of(bank, "u", at("00:01.000"), null, "question", Map.of());
    driver.sendTyped(question, UserMessage.TYPE);
    driver.sendTyped(new AgentStatus(UUID.randomUUID(), 1, bank, "u", at("00:01.500"), "thinking", "…", AgentType.BankRep),
        AgentStatus.TYPE);
    // The header is trusted: a record it calls a status frame is not read, whatever its value.
    driver.sendTyped(UserMessage.of(bank, "u", at("00:02.000"), null, "mislabelled", Map.of()), AgentStatus.TYPE);
    driver.ask(bank, at("00:03.000"));
    driver.answer(question, at("00:04.000"));

    AgentMinuteStats minute = driver.latest().get("BankRep@2026-01-15T10:00:00Z");

    assertThat(minute.userMessages()).as("the labelled and the unlabelled question, not the status frame")
        .isEqualTo(2);
    assertThat(minute.replies()).isEqualTo(1);
  }

  @Test
  void shouldCountSignalsThatAnEarlierVersionLeftInTheRepartitionTopicAsJson() {
    TestInputTopic<String, byte[]> repartition = driver.repartitionTopic();
    repartition.pipeInput("BankRep", "{\"kind\":\"REPLY\",\"latencyMs\":1500}".getBytes(StandardCharsets.UTF_8),
        at("00:10.000"));
    String bank = driver.session(AgentType.BankRep, at("00:11.000"));
    driver.answer(driver.ask(bank, at("00:12.000")), at("00:12.500"));

    AgentMinuteStats minute = driver.latest().get("BankRep@2026-01-15T10:00:00Z");

    assertThat(minute.userMessages()).isEqualTo(1);
    assertThat(minute.replies()).isEqualTo(2);
    assertThat((double) minute.latencyMs().max()).isCloseTo(1500, within(20.0));
    assertThat((double) minute.latencyMs().p50()).isCloseTo(500, within(10.0));
  }
}
