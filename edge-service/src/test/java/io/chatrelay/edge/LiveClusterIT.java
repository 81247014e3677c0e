package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.testing.LiveSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two edge instances behind a load balancer without sticky sessions: same views, same cookie secret, and a browser
 * may land on either of them at any time.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveClusterIT {

  private RelayInfra infra;
  private EdgeHarness first;
  private EdgeService second;
  private AgentSide agent;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.first = EdgeHarness.start(infra);
    this.second = first.anotherEdge(infra);
    this.agent = new AgentSide(infra.bootstrapServers());
  }

  @AfterAll
  void stop() throws Exception {
    agent.close();
    second.close();
    first.close();
  }

  private long storedWithClientId(String sessionId, String clientId) {
    return ChatLogTail.withClientId(infra.bootstrapServers(), sessionId, clientId).size();
  }

  @Test
  void shouldDeliverWhatHappensThroughOneInstanceToASocketOnTheOther() {
    ApiClient onFirst = first.client();
    String user = infra.uniqueName("alice");
    String sessionId = onFirst.createSession(user);
    try (LiveSocket onSecond = LiveSocket.resume(second.baseUri(), sessionId, onFirst.cookie(), -1)) {
      JsonNode sent = onFirst.post("/api/v1/sessions/" + sessionId + "/messages", "{\"content\":\"via A\"}").json()
          .get("message");
      long reply = agent.reply(sessionId, user, sent.get("id").asText(), "answer");

      JsonNode message = onSecond.next();
      assertThat(message.get("type").asText()).isEqualTo("message");
      assertThat(message.get("seq").asLong()).isEqualTo(sent.get("seq").asLong());
      assertThat(message.get("content").asText()).isEqualTo("via A");
      assertThat(onSecond.next().get("seq").asLong()).isEqualTo(reply);
    }
  }

  @Test
  void shouldAnswerAResendOnTheOtherInstanceWithTheSameAckAndStoreOnce() {
    ApiClient browser = first.client();
    String sessionId = browser.createSession(infra.uniqueName("bob"));
    long seq;
    try (LiveSocket onFirst = LiveSocket.open(first.baseUri(), sessionId, browser.cookie())) {
      onFirst.sendMessage("dup-1", "Did this arrive?");
      seq = LiveSocket.ack(onFirst.next(), "dup-1").get("seq").asLong();
    }
    try (LiveSocket onSecond = LiveSocket.open(second.baseUri(), sessionId, browser.cookie())) {
      onSecond.sendMessage("dup-1", "Did this arrive?");

      // The first copy's own frame may still be on its way to this new socket; the ack follows it or precedes it.
      List<JsonNode> frames = onSecond.until(f -> "ack".equals(f.get("type").asText()));
      assertThat(LiveSocket.ack(frames.get(frames.size() - 1), "dup-1").get("seq").asLong()).isEqualTo(seq);
    }
    assertThat(storedWithClientId(sessionId, "dup-1")).isEqualTo(1);
  }

  @Test
  void shouldStoreOnceWhenTheSameIdReachesBothInstancesAtOnce() {
    ApiClient browser = first.client();
    String sessionId = browser.createSession(infra.uniqueName("carol"));
    try (LiveSocket onFirst = LiveSocket.open(first.baseUri(), sessionId, browser.cookie());
        LiveSocket onSecond = LiveSocket.open(second.baseUri(), sessionId, browser.cookie())) {
      CompletableFuture.allOf(
          CompletableFuture.runAsync(() -> onFirst.sendMessage("race-1", "Twice at once")),
          CompletableFuture.runAsync(() -> onSecond.sendMessage("race-1", "Twice at once"))).join();

      long seqOnFirst = ackOf(onFirst.until(f -> "ack".equals(f.get("type").asText())));
      long seqOnSecond = ackOf(onSecond.until(f -> "ack".equals(f.get("type").asText())));

      assertThat(seqOnFirst).isEqualTo(seqOnSecond);
    }
    assertThat(storedWithClientId(sessionId, "race-1")).isEqualTo(1);
  }

  @Test
  void shouldHoldAResendWhileTheFirstCopyIsBeingStoredElsewhereThenAckItsSeq() throws Exception {
    ApiClient browser = first.client();
    String sessionId = browser.createSession(infra.uniqueName("erin"));
    String key = first.keys().prefix() + "client-msg:" + sessionId + ":slow-1";
    // Another instance claimed the id and is still waiting for the log's acknowledgement.
    first.redis().setex(key, 60, "pending:other-instance");
    try (LiveSocket socket = LiveSocket.open(second.baseUri(), sessionId, browser.cookie())) {
      socket.sendMessage("slow-1", "Sent twice");
      assertThat(socket.drain(java.time.Duration.ofMillis(400))).as("no ack while the first copy is pending")
          .isEmpty();

      first.redis().setex(key, 60, "4242");

      assertThat(LiveSocket.ack(socket.next(), "slow-1").get("seq").asLong()).isEqualTo(4242);
    }
    assertThat(storedWithClientId(sessionId, "slow-1")).isZero();
  }

  @Test
  void shouldStoreAResendItselfWhenTheFirstCopyWasGivenUp() throws Exception {
    ApiClient browser = first.client();
    String sessionId = browser.createSession(infra.uniqueName("fay"));
    String key = first.keys().prefix() + "client-msg:" + sessionId + ":lost-1";
    first.redis().setex(key, 60, "pending:other-instance");
    try (LiveSocket socket = LiveSocket.open(second.baseUri(), sessionId, browser.cookie())) {
      socket.sendMessage("lost-1", "Try again");
      assertThat(socket.drain(java.time.Duration.ofMillis(400))).isEmpty();

      // The other instance could not store it and released its claim.
      first.redis().del(key);

      long seq = LiveSocket.ack(socket.until(f -> "ack".equals(f.get("type").asText())).get(0), "lost-1")
          .get("seq").asLong();
      assertThat(first.redis().get(key)).isEqualTo(Long.toString(seq));
    }
    assertThat(storedWithClientId(sessionId, "lost-1")).isEqualTo(1);
  }

  private static long ackOf(List<JsonNode> frames) {
    return LiveSocket.ack(frames.get(frames.size() - 1), "race-1").get("seq").asLong();
  }

  @Test
  void shouldResumeOnTheOtherInstanceWithExactlyWhatWasMissed() throws Exception {
    ApiClient browser = first.client();
    String user = infra.uniqueName("dave");
    String sessionId = browser.createSession(user);
    long lastSeen;
    try (LiveSocket onFirst = LiveSocket.open(first.baseUri(), sessionId, browser.cookie())) {
      onFirst.sendMessage("d-1", "Hello");
      lastSeen = LiveSocket.ack(onFirst.next(), "d-1").get("seq").asLong();
    }
    JsonNode missed = browser.post("/api/v1/sessions/" + sessionId + "/messages", "{\"content\":\"away\"}").json()
        .get("message");
    long reply = agent.reply(sessionId, user, missed.get("id").asText(), "answered while away");

    try (LiveSocket onSecond = LiveSocket.resume(second.baseUri(), sessionId, browser.cookie(), lastSeen)) {
      List<JsonNode> replayed = onSecond.until(f -> f.get("seq").asLong() == reply);

      assertThat(replayed.stream().map(f -> f.get("seq").asLong()))
          .containsExactly(missed.get("seq").asLong(), reply);
      assertThat(onSecond.drain(java.time.Duration.ofMillis(300))).isEmpty();
    }
  }
}
