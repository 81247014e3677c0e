package io.chatrelay.analytics;

import static io.chatrelay.analytics.AnalyticsTestDriver.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.events.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The records of {@code chat-analytics} as the JSON text readers get, and records of earlier versions read back. */
class PublishedJsonTest {

  @Test
  void shouldPublishTheAnswerFiguresUnderTheirDocumentedNames() throws Exception {
    Map<String, String> latest;
    try (AnalyticsTestDriver driver = new AnalyticsTestDriver()) {
      String bank = driver.session(AgentType.BankRep, at("00:00.000"));
      UserMessage stopped = driver.ask(bank, at("00:01.000"));
      driver.send(new AgentReply(UUID.randomUUID(), 1, bank, "u", at("00:02.000"), stopped.eventId(), "a-1", "Hel",
          null, AgentReply.FINISH_CANCELLED, new StreamStats(40, 4, 150, 2_000)));
      UserMessage answered = driver.ask(bank, at("00:03.000"));
      driver.answer(answered, at("00:03.250"));
      driver.send(AnswerFeedback.of(bank, "u", at("00:04.000"), answered.eventId(), "up", null, null, null));
      driver.send(AnswerFeedback.of(bank, "u", at("00:05.000"), stopped.eventId(), "down", "slow", null, null));
      driver.ask(driver.session(AgentType.TradeBodyRep, at("00:06.000")), at("00:07.000"));
      latest = driver.latestJson();
    }

    assertThat(tree(latest.get("BankRep@2026-01-15T10:00:00Z"))).isEqualTo(tree("""
        {"schemaVersion":1,"agentType":"BankRep","minute":"2026-01-15T10:00:00Z","userMessages":2,"replies":2,
         "errors":0,"latencyMs":{"count":2,"p50":250,"p90":1003,"p95":1003,"p99":1003,"max":1003},
         "cancelled":1,"interrupted":0,"feedbackUp":1,"feedbackDown":1,"streamedReplies":1,"tokens":40,
         "streamMs":2000,"timeToFirstTokenMs":{"count":1,"p50":150,"p90":150,"p95":150,"p99":150,"max":150},
         "tokensPerSecond":{"count":1,"p10":20.0,"p50":20.0,"p90":20.0}}"""));
    assertThat(tree(latest.get("TradeBodyRep@2026-01-15T10:00:00Z"))).as("a minute without answers").isEqualTo(tree("""
        {"schemaVersion":1,"agentType":"TradeBodyRep","minute":"2026-01-15T10:00:00Z","userMessages":1,
         "replies":0,"errors":0,"cancelled":0,"interrupted":0,"feedbackUp":0,"feedbackDown":0,
         "streamedReplies":0,"tokens":0,"streamMs":0}"""));
  }

  @Test
  void shouldReadRecordsPublishedBeforeTheAnswerFiguresExisted() {
    String old = "{\"schemaVersion\":1,\"agentType\":\"BankRep\",\"minute\":\"2026-01-15T10:15:00Z\","
        + "\"userMessages\":42,\"replies\":40,\"errors\":2,\"latencyMs\":{\"count\":40,\"p50\":310,\"p90\":780,"
        + "\"p95\":910,\"p99\":1500,\"max\":1530}}";

    AgentMinuteStats read = Topics.CHAT_ANALYTICS.valueSerde().deserializer()
        .deserialize(Topics.CHAT_ANALYTICS.name(), old.getBytes(StandardCharsets.UTF_8));

    assertThat(read).isEqualTo(new AgentMinuteStats(1, AgentType.BankRep, Instant.parse("2026-01-15T10:15:00Z"), 42,
        40, 2, new AgentMinuteStats.Latency(40, 310, 780, 910, 1500, 1530)));
    assertThat(read.feedbackUp()).isZero();
    assertThat(read.timeToFirstTokenMs()).isNull();
  }

  private static JsonNode tree(String json) throws Exception {
    return Json.mapper().readTree(json);
  }
}
