package io.chatrelay.analytics;

import static io.chatrelay.analytics.AnalyticsTestDriver.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.UserMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The figures about answers: how they streamed, whether they were stopped, and how users rated them. */
class AnswerFiguresTopologyTest {

  private static final String BANK_MINUTE = "BankRep@2026-01-15T10:00:00Z";

  private AnalyticsTestDriver driver;

  @BeforeEach
  void start() {
    driver = new AnalyticsTestDriver();
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void rate(String session, UUID answered, String rating, Instant when, AgentType agentType) {
    driver.sendTyped(AnswerFeedback.of(session, "u", when, answered, rating, null, agentType, null),
        AnswerFeedback.TYPE);
  }

  private void reply(UserMessage question, Instant when, String finish, StreamStats stream) {
    AgentReply reply = new AgentReply(UUID.randomUUID(), 1, question.sessionId(), "u", when, question.eventId(),
        "a", "answer", new AgentMetadata(AgentType.BankRep, 0.5, 5L), finish, stream);
    driver.sendTyped(reply, AgentReply.TYPE);
  }

  private void chunk(UserMessage question, int index, Instant when) {
    driver.sendTyped(new AgentReplyChunk(UUID.randomUUID(), 1, question.sessionId(), "u", when, question.eventId(),
        index, "piece ", AgentType.BankRep), AgentReplyChunk.TYPE);
  }

  @Test
  void shouldCountUpAndDownRatingsPerPersonaAndMinute() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = driver.ask(bank, at("00:01.000"));
    driver.answer(question, at("00:02.000"));
    rate(bank, question.eventId(), AnswerFeedback.UP, at("00:10.000"), AgentType.BankRep);
    rate(bank, question.eventId(), AnswerFeedback.UP, at("00:11.000"), AgentType.BankRep);
    // Without a persona of its own: the session's.
    rate(bank, question.eventId(), AnswerFeedback.DOWN, at("00:12.000"), null);
    rate(bank, question.eventId(), AnswerFeedback.DOWN, at("01:00.000"), AgentType.BankRep);
    // A session this job never saw created: counted under the persona the rating names, if any.
    rate("elsewhere", UUID.randomUUID(), AnswerFeedback.UP, at("00:13.000"), AgentType.TradeBodyRep);
    driver.send(AnswerFeedback.of("stray", "u", at("00:14.000"), UUID.randomUUID(), AnswerFeedback.UP, null, null,
        null));

    Map<String, AgentMinuteStats> latest = driver.latest();

    assertThat(latest).containsOnlyKeys(BANK_MINUTE, "BankRep@2026-01-15T10:01:00Z",
        "TradeBodyRep@2026-01-15T10:00:00Z");
    AgentMinuteStats minute = latest.get(BANK_MINUTE);
    assertThat(minute.feedbackUp()).isEqualTo(2);
    assertThat(minute.feedbackDown()).isEqualTo(1);
    assertThat(minute.userMessages()).as("ratings are not messages").isEqualTo(1);
    assertThat(minute.replies()).isEqualTo(1);
    AgentMinuteStats next = latest.get("BankRep@2026-01-15T10:01:00Z");
    assertThat(next.feedbackDown()).isEqualTo(1);
    assertThat(next.feedbackUp()).isZero();
    assertThat(next.replies()).isZero();
    assertThat(latest.get("TradeBodyRep@2026-01-15T10:00:00Z").feedbackUp()).isEqualTo(1);
  }

  @Test
  void shouldReportTimeToFirstTokenPercentilesOfTheStreamedReplies() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    for (int i = 1; i <= 10; i++) {
      UserMessage question = driver.ask(bank, at(String.format("00:%02d.000", i)));
      reply(question, at(String.format("00:%02d.900", i)), null, new StreamStats(5, 1, i * 100L, 500));
    }
    driver.answer(driver.ask(bank, at("00:30.000")), at("00:31.000"));

    AgentMinuteStats minute = driver.latest().get(BANK_MINUTE);

    assertThat(minute.replies()).isEqualTo(11);
    assertThat(minute.streamedReplies()).isEqualTo(10);
    AgentMinuteStats.Latency ttft = minute.timeToFirstTokenMs();
    assertThat(ttft.count()).as("only the streamed replies").isEqualTo(10);
    assertThat((double) ttft.p50()).isCloseTo(500, within(5.0));
    assertThat((double) ttft.p90()).isCloseTo(900, within(9.0));
    assertThat((double) ttft.p99()).isCloseTo(1000, within(10.0));
    assertThat((double) ttft.max()).isCloseTo(1000, within(10.0));
    assertThat(minute.latencyMs().count()).isEqualTo(11);
  }

  @Test
  void shouldReportTokensStreamTimeAndTokensPerSecond() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    reply(driver.ask(bank, at("00:01.000")), at("00:03.000"), null, new StreamStats(50, 5, 100, 2_000));
    reply(driver.ask(bank, at("00:04.000")), at("00:05.500"), null, new StreamStats(30, 3, 200, 1_000));
    reply(driver.ask(bank, at("00:06.000")), at("00:08.500"), null, new StreamStats(20, 2, 300, 2_000));
    // One token and no measurable stream: no rate, but its token counts.
    reply(driver.ask(bank, at("00:09.000")), at("00:09.400"), null, new StreamStats(1, 1, 400, 0));

    AgentMinuteStats minute = driver.latest().get(BANK_MINUTE);

    assertThat(minute.streamedReplies()).isEqualTo(4);
    assertThat(minute.tokens()).isEqualTo(101);
    assertThat(minute.streamMs()).isEqualTo(5_000);
    AgentMinuteStats.Rate rate = minute.tokensPerSecond();
    assertThat(rate.count()).isEqualTo(3);
    assertThat(rate.p10()).isCloseTo(10.0, within(0.1));
    assertThat(rate.p50()).isCloseTo(25.0, within(0.25));
    assertThat(rate.p90()).isCloseTo(30.0, within(0.3));
  }

  @Test
  void shouldCountCancelledAndInterruptedRepliesAsRepliesToo() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    UserMessage stopped = driver.ask(bank, at("00:01.000"));
    driver.sendTyped(CancelRequested.of(bank, "u", at("00:01.500"), stopped.eventId(), "c-1"), CancelRequested.TYPE);
    reply(stopped, at("00:02.000"), AgentReply.FINISH_CANCELLED, new StreamStats(2, 1, 120, 80));
    // A second end to the same answer is not a second reply, nor a second stop.
    reply(stopped, at("00:02.100"), AgentReply.FINISH_CANCELLED, null);
    reply(driver.ask(bank, at("00:03.000")), at("00:04.000"), AgentReply.FINISH_INTERRUPTED, null);
    driver.answer(driver.ask(bank, at("00:05.000")), at("00:06.000"));

    AgentMinuteStats minute = driver.latest().get(BANK_MINUTE);

    assertThat(minute.replies()).isEqualTo(3);
    assertThat(minute.cancelled()).isEqualTo(1);
    assertThat(minute.interrupted()).isEqualTo(1);
    assertThat(minute.latencyMs().count()).isEqualTo(3);
    assertThat(minute.streamedReplies()).isEqualTo(1);
    assertThat(minute.errors()).isZero();
  }

  @Test
  void shouldNotCountChunksOrStopRequestsAsReplies() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    UserMessage answered = driver.ask(bank, at("00:01.000"));
    chunk(answered, 0, at("00:01.200"));
    chunk(answered, 1, at("00:01.400"));
    // Also when the record carries no event-type header.
    driver.send(new AgentReplyChunk(UUID.randomUUID(), 1, bank, "u", at("00:01.600"), answered.eventId(), 2, "end",
        null));
    reply(answered, at("00:02.000"), null, new StreamStats(3, 3, 200, 800));
    UserMessage unfinished = driver.ask(bank, at("00:03.000"));
    chunk(unfinished, 0, at("00:03.500"));
    driver.send(CancelRequested.of(bank, "u", at("00:04.000"), unfinished.eventId(), null));
    // A chunk alone in a later minute makes no record for it.
    chunk(unfinished, 1, at("01:30.000"));

    Map<String, AgentMinuteStats> latest = driver.latest();

    assertThat(latest).containsOnlyKeys(BANK_MINUTE);
    AgentMinuteStats minute = latest.get(BANK_MINUTE);
    assertThat(minute.userMessages()).isEqualTo(2);
    assertThat(minute.replies()).isEqualTo(1);
    assertThat(minute.latencyMs().count()).isEqualTo(1);
    assertThat((double) minute.latencyMs().max()).isCloseTo(1000, within(10.0));
    assertThat(minute.cancelled()).as("a stop request is not a stopped reply").isZero();
  }

  @Test
  void shouldCountAReplyWrittenBeforeStreamingExistedAsBefore() {
    String bank = driver.session(AgentType.BankRep, at("00:00.000"));
    UserMessage question = driver.ask(bank, at("00:01.000"));
    String old = "{\"type\":\"AgentReply\",\"eventId\":\"" + UUID.randomUUID() + "\",\"schemaVersion\":1,"
        + "\"sessionId\":\"" + bank + "\",\"userId\":\"u\",\"occurredAt\":\"2026-01-15T10:00:01.750Z\","
        + "\"inReplyTo\":\"" + question.eventId() + "\",\"agentMessageId\":\"a-1\",\"content\":\"Hi\","
        + "\"metadata\":{\"agentType\":\"BankRep\",\"confidence\":0.9,\"processingTime\":12}}";
    driver.sendRaw(bank, old.getBytes(StandardCharsets.UTF_8), at("00:01.750"));

    AgentMinuteStats minute = driver.latest().get(BANK_MINUTE);

    assertThat(minute.replies()).isEqualTo(1);
    assertThat((double) minute.latencyMs().p50()).isCloseTo(750, within(8.0));
    assertThat(minute.streamedReplies()).isZero();
    assertThat(minute.cancelled()).isZero();
    assertThat(minute.timeToFirstTokenMs()).isNull();
    assertThat(minute.tokensPerSecond()).isNull();
  }
}
