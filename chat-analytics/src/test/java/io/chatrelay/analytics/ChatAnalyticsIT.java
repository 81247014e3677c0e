package io.chatrelay.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.kit.KafkaSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayInfraExtension.class)
class ChatAnalyticsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldPublishCountsLatencyStreamAndRatingsOfTheMinuteToChatAnalytics(RelayInfra infra) throws Exception {
    Map<String, String> env = env(infra);
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    String session = UUID.randomUUID().toString();
    UserMessage answered = UserMessage.of(session, "u", minute.plusMillis(1_000), null, "hello", Map.of());
    UserMessage failed = UserMessage.of(session, "u", minute.plusMillis(2_000), null, "again", Map.of());
    UserMessage stopped = UserMessage.of(session, "u", minute.plusMillis(4_000), null, "tell me more", Map.of());
    List<ChatEvent> events = List.of(
        SessionCreated.of(session, "u", minute, new SessionMetadata(AgentType.PaymentsEcosystemRep, null, null)),
        answered,
        new AgentReply(UUID.randomUUID(), 1, session, "u", minute.plusMillis(1_250), answered.eventId(), "a-1", "hi",
            new AgentMetadata(AgentType.PaymentsEcosystemRep, 0.9, 200L)),
        failed,
        new AgentError(UUID.randomUUID(), 1, session, "u", minute.plusMillis(3_000), failed.eventId(),
            "agent_timeout", "sorry", AgentType.PaymentsEcosystemRep),
        stopped,
        new AgentReplyChunk(UUID.randomUUID(), 1, session, "u", minute.plusMillis(4_100), stopped.eventId(), 0,
            "Well", AgentType.PaymentsEcosystemRep),
        CancelRequested.of(session, "u", minute.plusMillis(4_150), stopped.eventId(), null),
        new AgentReply(UUID.randomUUID(), 1, session, "u", minute.plusMillis(4_200), stopped.eventId(), "a-2",
            "Well", null, AgentReply.FINISH_CANCELLED, new StreamStats(6, 1, 60, 120)),
        AnswerFeedback.of(session, "u", minute.plusMillis(5_000), answered.eventId(), AnswerFeedback.UP, null,
            AgentType.PaymentsEcosystemRep, "f-1"));
    String key = AgentMinuteStats.key(AgentType.PaymentsEcosystemRep, minute);
    KafkaSettings kafka = KafkaSettings.of(infra.bootstrapServers());

    try (ChatAnalytics analytics = new ChatAnalytics(AnalyticsConfig.fromEnv(env));
         KafkaProducer<String, ChatEvent> producer = logWriter(kafka);
         KafkaConsumer<String, AgentMinuteStats> consumer = analyticsReader(kafka)) {
      for (ChatEvent event : events) {
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), event.sessionId(), event)).get();
      }
      Map<String, AgentMinuteStats> latest = new ConcurrentHashMap<>();
      await().atMost(WAIT).until(() -> {
        for (ConsumerRecord<String, AgentMinuteStats> record : consumer.poll(Duration.ofMillis(200))) {
          latest.put(record.key(), record.value());
        }
        AgentMinuteStats stats = latest.get(key);
        return stats != null && stats.userMessages() == 3 && stats.errors() == 1 && stats.replies() == 2
            && stats.feedbackUp() == 1;
      });

      AgentMinuteStats stats = latest.get(key);
      assertThat(stats.latencyMs().count()).isEqualTo(2);
      assertThat(stats.latencyMs().max()).isBetween(248L, 252L);
      assertThat(stats.cancelled()).isEqualTo(1);
      assertThat(stats.streamedReplies()).isEqualTo(1);
      assertThat(stats.tokens()).isEqualTo(6);
      assertThat(stats.timeToFirstTokenMs().p50()).isEqualTo(60);
      assertThat(stats.tokensPerSecond().p50()).isEqualTo(50.0);
      assertThat(analytics.ready().up()).isTrue();
    }
  }

  /**
   * An event whose own time is a day ahead of its record's (written by something other than the edge or the
   * connector) cannot be stamped onto the job's repartition topic: the broker refuses records over an hour ahead.
   * It is left out, and the job goes on counting the session's next message instead of failing on it forever.
   */
  @Test
  void shouldGoOnCountingPastAnEventStampedADayAhead(RelayInfra infra) throws Exception {
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    String session = UUID.randomUUID().toString();
    UserMessage fromTheFuture = UserMessage.of(session, "u", Instant.now().plus(Duration.ofDays(1)), null, "later",
        Map.of(), AgentType.TradeBodyRep);
    UserMessage now = UserMessage.of(session, "u", minute.plusMillis(500), null, "now", Map.of(),
        AgentType.TradeBodyRep);
    KafkaSettings kafka = KafkaSettings.of(infra.bootstrapServers());

    try (ChatAnalytics analytics = new ChatAnalytics(AnalyticsConfig.fromEnv(env(infra)));
         KafkaProducer<String, ChatEvent> producer = logWriter(kafka);
         KafkaConsumer<String, AgentMinuteStats> consumer = analyticsReader(kafka)) {
      // The same session, so the same partition: the second waits behind the first.
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), session, fromTheFuture)).get();
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), session, now)).get();

      String key = AgentMinuteStats.key(AgentType.TradeBodyRep, minute);
      Map<String, AgentMinuteStats> latest = new ConcurrentHashMap<>();
      await().atMost(WAIT).until(() -> {
        for (ConsumerRecord<String, AgentMinuteStats> record : consumer.poll(Duration.ofMillis(200))) {
          latest.put(record.key(), record.value());
        }
        return latest.containsKey(key);
      });

      assertThat(latest.get(key).userMessages()).isEqualTo(1);
      assertThat(latest).doesNotContainKey(AgentMinuteStats.key(AgentType.TradeBodyRep,
          fromTheFuture.occurredAt().truncatedTo(ChronoUnit.MINUTES)));
      assertThat(analytics.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  /**
   * A record the broker will never take makes the job fail on it, replace its thread and fail again; readiness says
   * so instead of reading RUNNING between failures. Here the job's internal topics refuse records older than a day
   * ({@code message.timestamp.before.max.ms}, as an operator may set it) and the log holds an event two days old.
   */
  @Test
  void shouldTurnNotReadyWhenItsThreadKeepsFailingOnTheSameRecord(RelayInfra infra) throws Exception {
    Map<String, String> env = env(infra);
    env.put("KAFKA_TOPIC_MESSAGE_TIMESTAMP_BEFORE_MAX_MS", Long.toString(Duration.ofDays(1).toMillis()));
    // A failed thread does not leave the group: its replacement gets the task back when the session times out
    // (45 s by default). The broker's shortest session keeps each failure to seconds.
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    String session = UUID.randomUUID().toString();
    UserMessage longAgo = UserMessage.of(session, "u", Instant.now().minus(Duration.ofDays(2)), null, "long ago",
        Map.of(), AgentType.BankRep);
    KafkaSettings kafka = KafkaSettings.of(infra.bootstrapServers());

    try (ChatAnalytics analytics = new ChatAnalytics(AnalyticsConfig.fromEnv(env));
         KafkaProducer<String, ChatEvent> producer = logWriter(kafka)) {
      await().atMost(WAIT).until(() -> analytics.ready().up());
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), session, longAgo)).get();

      // Each failure aborts a transaction and rebalances; between them the state alone would read RUNNING, and
      // ready, again. (The failing threads' exceptions are the job's to handle.)
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).dontCatchUncaughtExceptions()
          .until(() -> analytics.ready().checks().get("streams").detail().contains("the stream thread failed"));

      assertThat(analytics.ready().up()).isFalse();
      assertThat(analytics.ready().checks().get("streams").detail())
          .containsAnyOf("InvalidTimestampException", "InvalidRecordException");
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + analytics.opsPort() + "/metrics")).build(), BodyHandlers.ofString());
      assertThat(metrics.body()).as("each failure counted where operators look")
          .containsPattern("(?m)^analytics_stream_threads_replaced_total(\\{[^}]*\\})? [3-9]");
    }
  }

  private static Map<String, String> env(RelayInfra infra) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    env.put("CHAT_MESSAGES_PARTITIONS", "3");
    env.put(AnalyticsConfig.APPLICATION_ID_ENV, infra.uniqueName("analytics"));
    env.put(AnalyticsConfig.OPS_PORT_ENV, "0");
    env.put(AnalyticsConfig.OPS_HOST_ENV, "127.0.0.1");
    env.put(AnalyticsConfig.STATE_DIR_ENV, Path.of(System.getProperty("java.io.tmpdir"), "streams").toString());
    env.put(AnalyticsConfig.COMMIT_INTERVAL_ENV, "100");
    return env;
  }

  private static KafkaProducer<String, ChatEvent> logWriter(KafkaSettings kafka) {
    return new KafkaProducer<>(kafka.reliableProducer("analytics-it"), new StringSerializer(),
        Topics.CHAT_MESSAGES.valueSerde().serializer());
  }

  private static KafkaConsumer<String, AgentMinuteStats> analyticsReader(KafkaSettings kafka) {
    Properties props = kafka.consumer("analytics-it-reader", null);
    KafkaConsumer<String, AgentMinuteStats> consumer = new KafkaConsumer<>(props,
        Topics.CHAT_ANALYTICS.keySerde().deserializer(), Topics.CHAT_ANALYTICS.valueSerde().deserializer());
    consumer.assign(List.of(new TopicPartition(Topics.CHAT_ANALYTICS.name(), 0)));
    consumer.seekToBeginning(consumer.assignment());
    return consumer;
  }
}
