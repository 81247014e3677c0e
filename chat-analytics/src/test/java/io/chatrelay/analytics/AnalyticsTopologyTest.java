package io.chatrelay.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> log;
  private TestOutputTopic<String, AgentMinuteStats> analytics;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(AnalyticsConfig.STATE_DIR_ENV, Files.createTempDirectory("analytics-test").toString());
    env.put(AnalyticsConfig.GRACE_ENV, "10000");
    AnalyticsConfig config = AnalyticsConfig.fromEnv(env);
    java.util.Properties props = config.streamsProperties();
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
    driver = new TopologyTestDriver(AnalyticsTopology.build(config), props);
    log = driver.createInputTopic(Topics.CHAT_MESSAGES.name(), new StringSerializer(), new ByteArraySerializer());
    analytics = driver.createOutputTopic(Topics.CHAT_ANALYTICS.name(),
        Topics.CHAT_ANALYTICS.keySerde().deserializer(), Topics.CHAT_ANALYTICS.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void send(ChatEvent event) {
    log.pipeInput(event.sessionId(), ChatEventSerde.toBytes(event), event.occurredAt());
  }

  /** As producers write it: with the {@code event-type} header naming {@code type}. */
  private void sendTyped(ChatEvent event, String type) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ChatEventSerde.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
    log.pipeInput(new TestRecord<>(event.sessionId(), ChatEventSerde.toBytes(event), headers, event.occurredAt()));
  }

  private static Instant at(String minuteSecondMillis) {
    return Instant.parse("2026-01-15T10:" + minuteSecondMillis + "Z");
  }

  private String session(AgentType type, Instant when) {
    String id = UUID.randomUUID().toString();
    send(SessionCreated.of(id, "u", when, new SessionMetadata(type, null, null)));
    return id;
  }

  private UserMessage ask(String session, Instant when) {
    UserMessage message = UserMessage.of(session, "u", when, null, "question", Map.of());
    send(message);
    return message;
  }

  private void answer(UserMessage question, Instant when) {
    send(new AgentReply(UUID.randomUUID(), 1, question.sessionId(), "u", when, question.eventId(), "a", "answer",
        new AgentMetadata(AgentType.BankRep, 0.5, 5L)));
  }

  private void fail(UserMessage question, Instant when) {
    send(new AgentError(UUID.randomUUID(), 1, question.sessionId(), "u", when, question.eventId(), "agent_timeout",
        "sorry", null));
  }

  private void failSession(String session, Instant when) {
    send(new AgentError(UUID.randomUUID(), 1, session, "u", when, null, "agent_unavailable", "down", null));
  }

  private Map<String, AgentMinuteStats> latest() {
    return analytics.readKeyValuesToMap();
  }

  @Test
  void shouldCountMessagesRepliesAndErrorsPerAgentTypeAndMinute() {
    String bank = session(AgentType.BankRep, at("00:00.000"));
    String trade = session(AgentType.TradeBodyRep, at("00:01.000"));
    UserMessage first = ask(bank, at("00:10.000"));
    answer(first, at("00:11.000"));
    UserMessage second = ask(bank, at("00:20.000"));
    answer(second, at("00:23.000"));
    UserMessage tradeQuestion = ask(trade, at("00:30.000"));
    fail(tradeQuestion, at("00:40.000"));
    UserMessage nextMinute = ask(trade, at("01:05.000"));
    answer(nextMinute, at("01:05.250"));

    Map<String, AgentMinuteStats> stats = latest();

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
    String bank = session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = ask(bank, at("00:01.000"));
    answer(question, at("00:02.000"));
    answer(question, at("00:03.000"));
    fail(question, at("00:04.000"));
    failSession(bank, at("00:05.000"));

    AgentMinuteStats minute = latest().get("BankRep@2026-01-15T10:00:00Z");

    assertThat(minute.replies()).isEqualTo(1);
    assertThat(minute.errors()).as("only the session-wide error").isEqualTo(1);
  }

  @Test
  void shouldNotCountMessagesOfUnknownOrDeletedSessionsNorRecordsThatAreNotEvents() {
    UserMessage stray = ask(UUID.randomUUID().toString(), at("00:01.000"));
    answer(stray, at("00:02.000"));
    log.pipeInput("garbage", "{nope".getBytes(), at("00:03.000"));
    String bank = session(AgentType.BankRep, at("00:04.000"));
    UserMessage question = ask(bank, at("00:05.000"));
    send(SessionDeleted.of(bank, "u", at("00:06.000")));
    answer(question, at("00:07.000"));
    ask(bank, at("00:08.000"));

    Map<String, AgentMinuteStats> stats = latest();

    assertThat(stats).containsOnlyKeys("BankRep@2026-01-15T10:00:00Z");
    AgentMinuteStats minute = stats.get("BankRep@2026-01-15T10:00:00Z");
    assertThat(minute.userMessages()).isEqualTo(1);
    assertThat(minute.replies()).isZero();
  }

  @Test
  void shouldIgnoreEventsArrivingAfterTheirMinuteClosed() {
    String bank = session(AgentType.BankRep, at("00:00.000"));
    ask(bank, at("00:30.000"));
    ask(bank, at("02:00.000"));
    ask(bank, at("00:45.000"));

    assertThat(latest().get("BankRep@2026-01-15T10:00:00Z").userMessages()).isEqualTo(1);
  }

  @Test
  void shouldNotCountAnEventStampedFarAheadOfItsRecordButCountWhatFollows() {
    String bank = session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = UserMessage.of(bank, "u", at("00:10.000").plus(Duration.ofDays(1)), null, "from the future",
        Map.of());
    log.pipeInput(bank, ChatEventSerde.toBytes(question), at("00:10.000"));
    // 30 s ahead of its record: a clock a little fast, still counted.
    UserMessage early = UserMessage.of(bank, "u", at("00:50.000"), null, "a fast clock", Map.of());
    log.pipeInput(bank, ChatEventSerde.toBytes(early), at("00:20.000"));
    ask(bank, at("00:55.000"));

    Map<String, AgentMinuteStats> latest = latest();
    assertThat(latest).containsOnlyKeys("BankRep@2026-01-15T10:00:00Z");
    assertThat(latest.get("BankRep@2026-01-15T10:00:00Z").userMessages()).isEqualTo(2);
  }

  @Test
  void shouldKeyEveryRecordByAgentTypeAndMinute() {
    String bank = session(AgentType.PaymentsEcosystemRep, at("59:59.999").minusSeconds(3600));
    ask(bank, T0.minusMillis(1));

    assertThat(latest()).containsOnlyKeys("PaymentsEcosystemRep@2026-01-15T09:59:00Z");
  }

  @Test
  void shouldSkipEventTypesItDoesNotCountByTheirHeaderAndStillReadRecordsWithoutOne() {
    String bank = session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = UserMessage.of(bank, "u", at("00:01.000"), null, "question", Map.of());
    sendTyped(question, UserMessage.TYPE);
    sendTyped(new AgentStatus(UUID.randomUUID(), 1, bank, "u", at("00:01.500"), "thinking", "…", AgentType.BankRep),
        AgentStatus.TYPE);
    // The header is trusted: a record it calls a status frame is not read, whatever its value.
    sendTyped(UserMessage.of(bank, "u", at("00:02.000"), null, "mislabelled", Map.of()), AgentStatus.TYPE);
    ask(bank, at("00:03.000"));
    answer(question, at("00:04.000"));

    AgentMinuteStats minute = latest().get("BankRep@2026-01-15T10:00:00Z");

    assertThat(minute.userMessages()).as("the labelled and the unlabelled question, not the status frame")
        .isEqualTo(2);
    assertThat(minute.replies()).isEqualTo(1);
  }

  @Test
  void shouldCountSignalsThatAnEarlierVersionLeftInTheRepartitionTopicAsJson() {
    TestInputTopic<String, byte[]> repartition = driver.createInputTopic(
        AnalyticsConfig.DEFAULT_APPLICATION_ID + "-by-agent-type-repartition", new StringSerializer(),
        new ByteArraySerializer());
    repartition.pipeInput("BankRep", "{\"kind\":\"REPLY\",\"latencyMs\":1500}".getBytes(StandardCharsets.UTF_8),
        at("00:10.000"));
    String bank = session(AgentType.BankRep, at("00:11.000"));
    answer(ask(bank, at("00:12.000")), at("00:12.500"));

    AgentMinuteStats minute = latest().get("BankRep@2026-01-15T10:00:00Z");

    assertThat(minute.userMessages()).isEqualTo(1);
    assertThat(minute.replies()).isEqualTo(2);
    assertThat((double) minute.latencyMs().max()).isCloseTo(1500, within(20.0));
    assertThat((double) minute.latencyMs().p50()).isCloseTo(500, within(10.0));
  }
}
