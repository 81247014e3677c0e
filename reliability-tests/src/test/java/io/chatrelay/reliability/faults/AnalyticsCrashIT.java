package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.analytics.AnalyticsConfig;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.reliability.testing.ChildJvm;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * chat-analytics is SIGKILLed while it counts: half of a minute's messages were in the log before it started (the
 * burst of a cold start), the rest arrive while it runs, and it dies with a transaction open. Its successor, with the
 * same application id, publishes the minute's exact counts: every user message and every reply counted once, and no
 * committed record ever showed more than there were or went backwards.
 */
class AnalyticsCrashIT {

  private static final int SESSIONS = 50;
  private static final int QUESTIONS_PER_SESSION = 40;
  private static final int QUESTIONS = SESSIONS * QUESTIONS_PER_SESSION;
  /** The hostile agent's persona: it echoes at once, and counts the connector's calls. */
  private static final AgentType PERSONA = AgentType.valueOf(ReliabilityStack.HOSTILE);
  private static final long LATENCY_MS = 100;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldPublishExactCountsWhenKilledMidStreamAndRestarted() throws Exception {
    // A minute of its own, before this test run began, so no other test's events fall in it. The job reads the log
    // from the start, its clock already past this minute: a grace of hours still counts it, and its questions are
    // younger than the hour after which an unanswered one is forgotten.
    Instant minute = Instant.now().minus(Duration.ofMinutes(50)).truncatedTo(ChronoUnit.MINUTES);
    stack.hostileAgent().reset();
    List<List<ChatEvent>> rounds = conversation(minute);
    int half = rounds.size() / 2;
    KafkaSettings kafka = KafkaSettings.of(stack.bootstrapServers());
    Map<String, String> env = analyticsEnv();

    Properties writer = kafka.reliableProducer("analytics-crash");
    writer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "analytics-crash-" + UUID.randomUUID());
    try (KafkaProducer<String, ChatEvent> producer = new KafkaProducer<>(writer, new StringSerializer(),
             Topics.CHAT_MESSAGES.valueSerde().serializer());
         CommittedStats published = new CommittedStats(kafka, PERSONA, minute)) {
      producer.initTransactions();
      rounds.subList(0, half).forEach(round -> send(producer, round));
      CompletableFuture<Void> rest;
      long countedAtKill;
      long killedAt;
      try (ChildJvm first = analyticsJvm("analytics-1", env).start()) {
        rest = CompletableFuture.runAsync(() -> {
          // Steadily, so that the kill lands while the first instance is counting.
          for (List<ChatEvent> round : rounds.subList(half, rounds.size())) {
            send(producer, round);
            sleep(150);
          }
        });
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
            .until(() -> published.latest().userMessages() > QUESTIONS / 2);
        first.kill();
        countedAtKill = published.latest().userMessages();
        killedAt = System.nanoTime();
      }
      rest.get(60, TimeUnit.SECONDS);

      try (ChildJvm second = analyticsJvm("analytics-2", env).start()) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
            assertThat(published.latest()).extracting(AgentMinuteStats::userMessages, AgentMinuteStats::replies)
                .containsExactly((long) QUESTIONS, (long) QUESTIONS));
        long recovered = Figures.millisSince(killedAt);
        Thread.sleep(2_000); // a late double count would show by now
        AgentMinuteStats last = published.latest();

        Figures.report("16-analytics-kill", "%d questions and %d answers in one minute, half of them waiting at start; "
                + "killed after %d were counted; %d records published; exact counts %d ms after the kill",
            QUESTIONS, QUESTIONS, countedAtKill, published.seen().size(), recovered);
        assertThat(countedAtKill).as("killed mid-stream").isLessThan(QUESTIONS);
        assertThat(last.userMessages()).isEqualTo(QUESTIONS);
        assertThat(last.replies()).isEqualTo(QUESTIONS);
        assertThat(last.errors()).isZero();
        assertThat(last.latencyMs().count()).isEqualTo(QUESTIONS);
        assertThat(last.latencyMs().max()).isEqualTo(LATENCY_MS);
        assertThat(published.seen()).as("every committed record of the minute")
            .allSatisfy(stats -> assertThat(stats.userMessages()).isLessThanOrEqualTo(QUESTIONS))
            .isSortedAccordingTo((a, b) -> Long.compare(a.userMessages() + a.replies(),
                b.userMessages() + b.replies()));
      }
    }
    // The stack's connector asks the agent these questions too: let it finish before the next test.
    List<String> questions = rounds.stream().flatMap(List::stream).filter(UserMessage.class::isInstance)
        .map(e -> e.eventId().toString()).toList();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> questions.stream().allMatch(id -> stack.hostileAgent().calls(id) >= 1));
    stack.awaitHealthy();
  }

  /**
   * Sessions opened with the persona, then rounds in which every session asks a question that is answered
   * {@value #LATENCY_MS} ms later. The stack's connector answers these questions too, stamping its answers with the
   * time it answers, so a connector's answer that came first would move the reply out of this minute. A round is
   * therefore written in one transaction, questions then answers: the connector reads only committed records, so it
   * sees a question no sooner than the test's answer, and its own answer is a second one, which is not counted.
   */
  private static List<List<ChatEvent>> conversation(Instant minute) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> sessions = new ArrayList<>();
    List<ChatEvent> opened = new ArrayList<>();
    for (int s = 0; s < SESSIONS; s++) {
      sessions.add("analytics-kill-" + run + "-" + s);
      opened.add(SessionCreated.of(sessions.get(s), "analyst-" + s, minute, new SessionMetadata(PERSONA, null, null)));
    }
    List<List<ChatEvent>> rounds = new ArrayList<>(List.of(opened));
    for (int q = 0; q < QUESTIONS_PER_SESSION; q++) {
      List<ChatEvent> questions = new ArrayList<>();
      List<ChatEvent> answers = new ArrayList<>();
      for (int s = 0; s < SESSIONS; s++) {
        Instant asked = minute.plusMillis(100L + q * 1_000L + s);
        UserMessage question = UserMessage.of(sessions.get(s), "analyst-" + s, asked, null, "question " + q, Map.of(),
            PERSONA);
        questions.add(question);
        answers.add(new AgentReply(UUID.randomUUID(), 1, question.sessionId(), question.userId(),
            asked.plusMillis(LATENCY_MS), question.eventId(), "a-" + q, "answer " + q,
            new AgentMetadata(PERSONA, 0.9, LATENCY_MS)));
      }
      questions.addAll(answers);
      rounds.add(questions);
    }
    return rounds;
  }

  private Map<String, String> analyticsEnv() {
    Map<String, String> env = new HashMap<>(stack.baseEnv());
    env.put(AnalyticsConfig.APPLICATION_ID_ENV, "analytics-crash-" + UUID.randomUUID().toString().substring(0, 8));
    env.put(AnalyticsConfig.OPS_HOST_ENV, "127.0.0.1");
    env.put(AnalyticsConfig.OPS_PORT_ENV, Integer.toString(ReliabilityStack.freePort()));
    env.put(AnalyticsConfig.STATE_DIR_ENV, stack.workDir().resolve("analytics-state").toString());
    env.put(AnalyticsConfig.COMMIT_INTERVAL_ENV, "100");
    env.put(AnalyticsConfig.GRACE_ENV, Long.toString(Duration.ofHours(2).toMillis()));
    // The killed instance's partitions go to its successor after this long (the broker's minimum).
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    return env;
  }

  private ChildJvm analyticsJvm(String name, Map<String, String> env) {
    String ready = "http://127.0.0.1:" + env.get(AnalyticsConfig.OPS_PORT_ENV) + "/health/ready";
    return new ChildJvm(name, "analytics", env, List.of("-Xmx256m", "-XX:+UseSerialGC"), stack.workDir(),
        () -> ReliabilityStack.httpStatus(ready) == 200, ReliabilityStack.READY_TIMEOUT);
  }

  /** One round, in one transaction: nobody reading committed records sees a question before its answer is written. */
  private static void send(KafkaProducer<String, ChatEvent> producer, List<ChatEvent> events) {
    producer.beginTransaction();
    for (ChatEvent event : events) {
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), event.sessionId(), event));
    }
    producer.commitTransaction();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every committed record of one key of chat-analytics, read as an analyst's read_committed consumer reads them. */
  private static final class CommittedStats implements AutoCloseable {

    private final KafkaConsumer<String, AgentMinuteStats> consumer;
    private final AgentMinuteStats none;
    private final List<AgentMinuteStats> seen = new ArrayList<>();

    CommittedStats(KafkaSettings kafka, AgentType persona, Instant minute) {
      this.none = new AgentMinuteStats(AgentMinuteStats.SCHEMA_VERSION, persona, minute, 0, 0, 0, null);
      this.consumer = new KafkaConsumer<>(kafka.consumer("analytics-crash-reader", null),
          Topics.CHAT_ANALYTICS.keySerde().deserializer(), Topics.CHAT_ANALYTICS.valueSerde().deserializer());
    }

    /** The minute's latest committed record (all zero before the first), after reading what arrived since. */
    synchronized AgentMinuteStats latest() {
      if (consumer.assignment().isEmpty()) {
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.CHAT_ANALYTICS.name(), Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
          return none;
        }
        consumer.assign(partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        consumer.seekToBeginning(consumer.assignment());
      }
      for (ConsumerRecord<String, AgentMinuteStats> record : consumer.poll(Duration.ofMillis(100))) {
        if (none.key().equals(record.key())) {
          seen.add(record.value());
        }
      }
      return seen.isEmpty() ? none : seen.get(seen.size() - 1);
    }

    synchronized List<AgentMinuteStats> seen() {
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
