package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.LogDump;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.testing.LiveSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;

/**
 * A write the edge could not confirm (the broker died after storing it, or the edge itself died mid-write) must
 * not turn the client's resend into a second copy: the resend finds the first copy in the log and is acknowledged
 * with its seq; only when the log does not hold it is the message stored, once. Each case is set up exactly as the
 * failed write leaves it: the message in the log (or not) and the edge's record of the attempt in Redis. Each is
 * resent both ways a client can: a WebSocket frame with the same id, and a REST request with the same
 * {@code Idempotency-Key}.
 */
class InterruptedWriteIT {

  /** How the client sends the message again. */
  enum Resend { WEBSOCKET, REST }

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @ParameterizedTest
  @EnumSource(Resend.class)
  void shouldAcknowledgeTheCopyAnUnconfirmedWriteLeftInTheLogInsteadOfStoringItAgain(Resend how) throws Exception {
    Target target = target();
    String id = "unconfirmed-" + how;
    long from = target.end();
    long stored = storeDirectly(target, id);
    ledger(target.session(), id, "uncertain:" + from);

    long seq = resend(how, target, id, Duration.ofSeconds(20));
    assertThat(seq).isEqualTo(stored);
    assertThat(copies(target.session(), id)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Resend.class)
  void shouldStoreTheMessageOnceWhenTheUnconfirmedWriteLeftNothingInTheLog(Resend how) throws Exception {
    Target target = target();
    String id = "never-arrived-" + how;
    ledger(target.session(), id, "uncertain:" + target.end());

    long seq = resend(how, target, id, Duration.ofSeconds(20));
    assertThat(seq).isGreaterThanOrEqualTo(target.end());
    assertThat(copies(target.session(), id)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Resend.class)
  void shouldTakeOverFromAWriterThatDiedMidWriteWithinTheInFlightWait(Resend how) throws Exception {
    Target target = target();
    String id = "orphaned-" + how;
    long from = target.end();
    long stored = storeDirectly(target, id);
    // The claim of an edge killed after the log took the message but before it recorded the seq.
    ledger(target.session(), id, "pending:" + UUID.randomUUID() + "@" + from);

    long started = System.nanoTime();
    long seq = resend(how, target, id, Duration.ofSeconds(40));
    long tookMillis = Figures.millisSince(started);
    Figures.report("8-edge-kill-orphaned-claim" + (how == Resend.REST ? "-rest" : ""), "a resend (%s) of a "
        + "message whose writer died mid-write was acknowledged with the first copy's seq after %d ms (claims "
        + "expire after 120 s); copies in the log: %d", how, tookMillis, copies(target.session(), id));
    assertThat(seq).isEqualTo(stored);
    assertThat(copies(target.session(), id)).isEqualTo(1);
  }

  private record Target(Browser browser, String session, String userId, int partition, long end) {}

  private Target target() {
    stack.awaitHealthy();
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("interrupted-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.BANK);
    String userId = browser.get("/api/v1/sessions/" + session).json().get("userId").asText();
    LogDump.Entry created = LogDump.read(stack.bootstrapServers()).session(session).get(0);
    long end = ChatLogTail.endOffsets(stack.bootstrapServers()).get(created.partition());
    return new Target(browser, session, userId, created.partition(), end);
  }

  /** The message in the log as the edge would have written it. */
  private long storeDirectly(Target target, String clientId) throws Exception {
    try (KafkaProducer<String, ChatEvent> producer = new KafkaProducer<>(
        KafkaSettings.of(stack.bootstrapServers()).reliableProducer("interrupted-write"),
        Topics.CHAT_MESSAGES.keySerde().serializer(), Topics.CHAT_MESSAGES.valueSerde().serializer())) {
      UserMessage message = UserMessage.of(target.session(), target.userId(),
          Instant.now().truncatedTo(ChronoUnit.MILLIS), clientId, "Sent once " + clientId, Map.of());
      RecordMetadata meta = producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), target.session(),
          message)).get();
      assertThat(meta.partition()).isEqualTo(target.partition());
      return meta.offset();
    }
  }

  private void ledger(String session, String clientId, String value) {
    try (RedisClient redis = RedisClient.create(URI.create(stack.redisUrl()))) {
      redis.setex(stack.viewKeys().prefix() + "client-msg:" + session + ":" + clientId, 600, value);
    }
  }

  private long resend(Resend how, Target target, String clientId, Duration wait) {
    if (how == Resend.REST) {
      Browser.Answer answer = target.browser().post("/api/v1/sessions/" + target.session() + "/messages",
          "{\"content\":\"Sent once " + clientId + "\"}", Map.of("Idempotency-Key", clientId));
      assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(200);
      return answer.json().at("/message/seq").asLong();
    }
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), target.session(), target.browser().cookie())) {
      socket.sendMessage(clientId, "Sent once " + clientId);
      JsonNode answer = socket.next(LiveSocket.answerTo(clientId), wait);
      assertThat(answer.path("type").asText()).as("answer %s", answer).isEqualTo("ack");
      return answer.path("seq").asLong();
    }
  }

  private long copies(String session, String clientId) {
    return LogDump.read(stack.bootstrapServers()).session(session).stream()
        .filter(e -> e.event() instanceof UserMessage m && clientId.equals(m.clientMessageId())).count();
  }
}
