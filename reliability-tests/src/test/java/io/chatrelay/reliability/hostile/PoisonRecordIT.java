package io.chatrelay.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.Inputs;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.Settings;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Ten thousand records that are not chat events (random bytes, wrong JSON, almost-events, invalid UTF-8, deep
 * nesting, tombstones, records without a key) are written into a live session's partition of {@code chat-messages}.
 * Every reader (projector, connector, the edge's live feed) must log and skip them and go on: the next real message
 * is acknowledged, answered, shown live and in the history. What the records say never reaches a log.
 */
class PoisonRecordIT {

  private static final String SECRET = "do-not-log-" + UUID.randomUUID();

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldSkipPoisonRecordsInEveryReaderAndKeepTheSessionWorking() {
    stack.awaitHealthy();
    int count = Settings.integer("poison.records", 10_000, 100_000);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger("io.chatrelay");
    root.addAppender(logs);
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("poisoned-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.BANK);
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      long written = System.nanoTime();
      List<byte[]> poison = Inputs.poisonValues().sampleStream().limit(count).toList();
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
          KafkaSettings.of(stack.bootstrapServers()).reliableProducer("poison"), new StringSerializer(),
          new ByteArraySerializer())) {
        for (byte[] value : poison) {
          producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), session, value));
        }
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), session, null));
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), null, "{}".getBytes(StandardCharsets.UTF_8)));
        // An almost-event whose wrong field holds text a person wrote: the readers' logs must not repeat it.
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), session, ("{\"type\":\"UserMessage\","
            + "\"schemaVersion\":1,\"eventId\":\"" + SECRET + "\",\"sessionId\":\"" + session + "\",\"userId\":\"x\","
            + "\"occurredAt\":\"" + SECRET + "\",\"content\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8)));
        producer.flush();
      }

      socket.sendMessage("after-poison", "Is anyone still reading?");
      assertThat(socket.next(LiveSocket.answerTo("after-poison"), Duration.ofSeconds(30)).path("type").asText())
          .isEqualTo("ack");
      socket.next(JsonSocket.ofType("response"), Duration.ofSeconds(90));
      long answeredMillis = Figures.millisSince(written);
      await().atMost(Duration.ofSeconds(60)).until(() -> browser.history(session).size() == 2);
      stack.awaitHealthy();

      String connectorLog = stack.connector().log();
      long connectorSkips = connectorLog.lines().filter(l -> l.contains("unreadable record")).count();
      long localSkips = logs.list.stream().filter(e -> e.getFormattedMessage().contains("chat-messages-")
          && (e.getFormattedMessage().contains("unreadable") || e.getFormattedMessage().contains("not a chat event")))
          .count();
      Figures.report("13-poison-records", "%d poison records (+ a tombstone, a keyless record, one carrying text) "
              + "in a live session's partition: the next message was acknowledged, answered live and in the history "
              + "%d ms later; skips logged with their offsets: connector %d, edge and projector %d; text of a "
              + "record in any log: %s", count, answeredMillis, connectorSkips, localSkips,
          connectorLog.contains(SECRET) || logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(SECRET))
              ? "yes" : "no");
      assertThat(connectorSkips).as("the connector logs what it skips").isPositive();
      assertThat(connectorLog).as("the connector's log never repeats a record's content").doesNotContain(SECRET);
      assertThat(logs.list).as("the edge's and projector's logs never repeat a record's content")
          .noneMatch(e -> e.getFormattedMessage().contains(SECRET));
    } finally {
      root.detachAppender(logs);
    }
  }
}
