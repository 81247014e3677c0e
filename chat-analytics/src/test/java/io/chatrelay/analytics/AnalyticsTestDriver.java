package io.chatrelay.analytics;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The analytics topology in a {@link TopologyTestDriver} (10 s of grace, no cache, so every update is published),
 * with the conversation steps the tests write to the log.
 */
final class AnalyticsTestDriver implements AutoCloseable {

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> log;
  private final TestOutputTopic<String, AgentMinuteStats> analytics;
  private final TestOutputTopic<String, String> json;

  AnalyticsTestDriver() {
    Map<String, String> env = new HashMap<>();
    try {
      env.put(AnalyticsConfig.STATE_DIR_ENV, Files.createTempDirectory("analytics-test").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put(AnalyticsConfig.GRACE_ENV, "10000");
    AnalyticsConfig config = AnalyticsConfig.fromEnv(env);
    Properties props = config.streamsProperties();
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
    driver = new TopologyTestDriver(AnalyticsTopology.build(config), props);
    log = driver.createInputTopic(Topics.CHAT_MESSAGES.name(), new StringSerializer(), new ByteArraySerializer());
    analytics = driver.createOutputTopic(Topics.CHAT_ANALYTICS.name(),
        Topics.CHAT_ANALYTICS.keySerde().deserializer(), Topics.CHAT_ANALYTICS.valueSerde().deserializer());
    json = driver.createOutputTopic(Topics.CHAT_ANALYTICS.name(), new StringDeserializer(), new StringDeserializer());
  }

  /** 10:mm:ss.SSS on the day of the tests. */
  static Instant at(String minuteSecondMillis) {
    return Instant.parse("2026-01-15T10:" + minuteSecondMillis + "Z");
  }

  /** Without the {@code event-type} header, as some writers of the log did. */
  void send(ChatEvent event) {
    log.pipeInput(event.sessionId(), ChatEventSerde.toBytes(event), event.occurredAt());
  }

  /** As producers write it: with the {@code event-type} header naming {@code type}. */
  void sendTyped(ChatEvent event, String type) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ChatEventSerde.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
    log.pipeInput(new TestRecord<>(event.sessionId(), ChatEventSerde.toBytes(event), headers, event.occurredAt()));
  }

  void sendRaw(String key, byte[] value, Instant timestamp) {
    log.pipeInput(key, value, timestamp);
  }

  TestInputTopic<String, byte[]> repartitionTopic() {
    return driver.createInputTopic(AnalyticsConfig.DEFAULT_APPLICATION_ID + "-by-agent-type-repartition",
        new StringSerializer(), new ByteArraySerializer());
  }

  String session(AgentType type, Instant when) {
    String id = UUID.randomUUID().toString();
    send(SessionCreated.of(id, "u", when, new SessionMetadata(type, null, null)));
    return id;
  }

  UserMessage ask(String session, Instant when) {
    UserMessage message = UserMessage.of(session, "u", when, null, "question", Map.of());
    send(message);
    return message;
  }

  void answer(UserMessage question, Instant when) {
    send(new AgentReply(UUID.randomUUID(), 1, question.sessionId(), "u", when, question.eventId(), "a", "answer",
        new AgentMetadata(AgentType.BankRep, 0.5, 5L)));
  }

  void fail(UserMessage question, Instant when) {
    send(new AgentError(UUID.randomUUID(), 1, question.sessionId(), "u", when, question.eventId(), "agent_timeout",
        "sorry", null));
  }

  void failSession(String session, Instant when) {
    send(new AgentError(UUID.randomUUID(), 1, session, "u", when, null, "agent_unavailable", "down", null));
  }

  /**
   * The latest record per key among those published since the last call to this or {@link #latestJson()}, as a
   * reader of the compacted topic sees it.
   */
  Map<String, AgentMinuteStats> latest() {
    return analytics.readKeyValuesToMap();
  }

  /** As {@link #latest()}, the values as the JSON text a reader gets. */
  Map<String, String> latestJson() {
    return json.readKeyValuesToMap();
  }

  @Override
  public void close() {
    driver.close();
  }
}
