package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The browser WebSocket on one edge: messages in, acks and the session's events out, resumes, bad input. */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRelayIT {

  private RelayInfra infra;
  private EdgeHarness harness;
  private AgentSide agent;

  /** One signed-in browser with one session. */
  record Chat(ApiClient browser, String userId, String sessionId) {

    String messages() {
      return "/api/v1/sessions/" + sessionId + "/messages";
    }
  }

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    // A short read-your-writes wait keeps REST sends quick while a test holds the projector back.
    this.harness = EdgeHarness.start(infra, Map.of("READ_YOUR_WRITES_TIMEOUT_MS", "500"));
    this.agent = new AgentSide(infra.bootstrapServers());
  }

  @AfterAll
  void stop() throws Exception {
    agent.close();
    harness.close();
  }

  private Chat chat(String name) {
    ApiClient browser = harness.client();
    String user = infra.uniqueName(name);
    return new Chat(browser, user, browser.createSession(user));
  }

  private LiveSocket open(Chat chat) {
    return LiveSocket.open(harness.baseUri(), chat.sessionId(), chat.browser().cookie());
  }

  private static boolean isType(JsonNode frame, String type) {
    return type.equals(frame.get("type").asText());
  }

  private static List<Long> seqs(List<JsonNode> frames) {
    return frames.stream().map(f -> f.get("seq").asLong()).toList();
  }

  private List<UserMessage> storedWithClientId(String sessionId, String clientId) {
    return ChatLogTail.withClientId(infra.bootstrapServers(), sessionId, clientId);
  }

  @Test
  void shouldAckAMessageThenRelayItsReplyInLogOrderAndKeepBothInTheHistory() {
    Chat chat = chat("alice");
    try (LiveSocket socket = open(chat)) {
      socket.sendMessage("c-1", "  What is a chargeback?  ");

      List<JsonNode> first = socket.until(f -> isType(f, "message"));
      assertThat(first).hasSize(2);
      long seq = LiveSocket.ack(first.get(0), "c-1").get("seq").asLong();
      JsonNode message = first.get(1);
      assertThat(message.get("seq").asLong()).isEqualTo(seq);
      assertThat(message.get("role").asText()).isEqualTo("user");
      assertThat(message.get("content").asText()).isEqualTo("What is a chargeback?");
      assertThat(message.get("timestamp").asText()).isNotBlank();

      long replySeq = agent.reply(chat.sessionId(), chat.userId(), message.get("id").asText(), "A card refund.");
      JsonNode response = socket.next();

      assertThat(response.get("type").asText()).isEqualTo("response");
      assertThat(response.get("role").asText()).isEqualTo("assistant");
      assertThat(response.get("content").asText()).isEqualTo("A card refund.");
      assertThat(response.get("seq").asLong()).isEqualTo(replySeq).isGreaterThan(seq);
      assertThat(response.get("metadata").get("inReplyTo").asText()).isEqualTo(message.get("id").asText());

      await().atMost(JsonSocket.WAIT).until(() -> chat.browser().get(chat.messages()).json().get("messages").size(),
          n -> n == 2);
      JsonNode history = chat.browser().get(chat.messages()).json().get("messages");
      assertThat(history.get(0).get("id").asText()).isEqualTo(message.get("id").asText());
      assertThat(history.get(0).get("seq").asLong()).isEqualTo(seq);
      assertThat(history.get(1).get("id").asText()).isEqualTo(response.get("id").asText());
      assertThat(history.get(1).get("seq").asLong()).isEqualTo(replySeq);
      assertThat(storedWithClientId(chat.sessionId(), "c-1")).singleElement()
          .satisfies(m -> assertThat(m.content()).isEqualTo("What is a chargeback?"));
    }
  }

  @Test
  void shouldAnswerAResentIdWithTheSameAckAndStoreItOnce() throws Exception {
    Chat chat = chat("bob");
    long seq;
    try (LiveSocket socket = open(chat)) {
      socket.sendMessage("retry-1", "Is my card blocked?");
      // Ack, then the message's own frame: once both are here, a new socket starts after the message.
      seq = LiveSocket.ack(socket.until(f -> isType(f, "message")).get(0), "retry-1").get("seq").asLong();
    }
    try (LiveSocket again = open(chat)) {
      again.sendMessage("retry-1", "Is my card blocked?");

      assertThat(LiveSocket.ack(again.next(), "retry-1").get("seq").asLong()).isEqualTo(seq);
      assertThat(again.drain(Duration.ofMillis(500))).as("no second message").isEmpty();
    }
    assertThat(storedWithClientId(chat.sessionId(), "retry-1")).hasSize(1);
  }

  @Test
  void shouldResumeWithExactlyWhatWasMissedWhileDisconnected() throws Exception {
    Chat chat = chat("carol");
    long lastSeen;
    try (LiveSocket socket = open(chat)) {
      socket.sendMessage("m-1", "First question");
      JsonNode message = socket.until(f -> isType(f, "message")).get(1);
      lastSeen = agent.reply(chat.sessionId(), chat.userId(), message.get("id").asText(), "First answer");
      assertThat(socket.next().get("seq").asLong()).isEqualTo(lastSeen);
    }
    JsonNode sent = chat.browser().post(chat.messages(), "{\"content\":\"Second question\"}").json().get("message");
    long missedReply = agent.reply(chat.sessionId(), chat.userId(), sent.get("id").asText(), "Second answer");

    try (LiveSocket socket = LiveSocket.resume(harness.baseUri(), chat.sessionId(), chat.browser().cookie(),
        lastSeen)) {
      List<JsonNode> replayed = socket.until(f -> f.get("seq").asLong() == missedReply);

      assertThat(seqs(replayed)).containsExactly(sent.get("seq").asLong(), missedReply);
      assertThat(replayed.get(0).get("content").asText()).isEqualTo("Second question");
      assertThat(replayed.get(1).get("type").asText()).isEqualTo("response");

      long live = agent.reply(chat.sessionId(), chat.userId(), sent.get("id").asText() , "ignored duplicate");
      long status = agent.status(chat.sessionId(), chat.userId(), "thinking", "Thinking");
      JsonNode next = socket.next();
      assertThat(next.get("seq").asLong()).as("a second answer to one message is not shown").isEqualTo(status);
      assertThat(live).isLessThan(status);
      assertThat(socket.drain(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void shouldResumeFromTheLogWhenTheViewsAreBehind() throws Exception {
    Chat chat = chat("dave");
    long lastSeen;
    try (LiveSocket socket = open(chat)) {
      socket.sendMessage("d-1", "Before");
      lastSeen = socket.until(f -> isType(f, "message")).get(1).get("seq").asLong();
    }
    harness.projector().pause(true);
    try {
      JsonNode sent = chat.browser().post(chat.messages(), "{\"content\":\"While away\"}").json().get("message");
      long reply = agent.reply(chat.sessionId(), chat.userId(), sent.get("id").asText(), "Answer while away");

      try (LiveSocket socket = LiveSocket.resume(harness.baseUri(), chat.sessionId(), chat.browser().cookie(),
          lastSeen)) {
        List<JsonNode> replayed = socket.until(f -> f.get("seq").asLong() == reply);

        assertThat(seqs(replayed)).containsExactly(sent.get("seq").asLong(), reply);
        assertThat(replayed.get(1).get("content").asText()).isEqualTo("Answer while away");
      }
    } finally {
      harness.projector().pause(false);
    }
    assertThat(harness.edge().registry().get("edge.ws.resumes").tag("source", "log").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldReplayHistoryOlderThanTheViewsReachFromTheLog() throws Exception {
    Chat chat = chat("erin");
    List<Long> sent = new ArrayList<>();
    for (String text : List.of("one", "two", "three")) {
      sent.add(chat.browser().post(chat.messages(), "{\"content\":\"" + text + "\"}").json().get("message")
          .get("seq").asLong());
    }
    await().atMost(JsonSocket.WAIT).until(() -> harness.redis().zcard(harness.keys().messages(chat.sessionId())),
        n -> n == 3);
    // The views lost the older part of the conversation (eviction, a partial rebuild).
    harness.redis().zremrangeByScore(harness.keys().messages(chat.sessionId()), 0, sent.get(1));

    try (LiveSocket socket = LiveSocket.resume(harness.baseUri(), chat.sessionId(), chat.browser().cookie(), -1)) {
      List<JsonNode> replayed = socket.until(f -> f.get("seq").asLong() == sent.get(2));

      assertThat(seqs(replayed)).containsExactlyElementsOf(sent);
      assertThat(replayed.stream().map(f -> f.get("content").asText())).containsExactly("one", "two", "three");
      assertThat(socket.drain(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void shouldRelayMessagesFromOtherTabsAndRestToEverySocketOfTheSession() {
    Chat chat = chat("frank");
    // As a page does: from the history it has (none yet) on, so nothing said after it opened can be missed.
    try (LiveSocket tabA = open(chat);
        LiveSocket tabB = LiveSocket.resume(harness.baseUri(), chat.sessionId(), chat.browser().cookie(), -1)) {
      tabA.sendMessage("a-1", "From tab A");
      JsonNode inB = tabB.next();
      assertThat(inB.get("type").asText()).isEqualTo("message");
      assertThat(inB.get("content").asText()).isEqualTo("From tab A");

      long restSeq = chat.browser().post(chat.messages(), "{\"content\":\"From a script\"}").json().get("message")
          .get("seq").asLong();

      assertThat(tabB.next().get("seq").asLong()).isEqualTo(restSeq);
      List<JsonNode> inA = tabA.until(f -> f.get("seq") != null && f.get("seq").asLong() == restSeq);
      assertThat(inA.stream().filter(f -> isType(f, "message")).map(f -> f.get("content").asText()))
          .containsExactly("From tab A", "From a script");
    }
  }

  @Test
  void shouldRelayAgentStatusAsAStatusFrame() {
    Chat chat = chat("gina");
    try (LiveSocket socket = open(chat)) {
      long seq = agent.status(chat.sessionId(), chat.userId(), "unavailable", "The agent is not reachable.");

      JsonNode status = socket.next();
      assertThat(status.get("type").asText()).isEqualTo("status");
      assertThat(status.get("role").asText()).isEqualTo("system");
      assertThat(status.get("seq").asLong()).isEqualTo(seq);
      assertThat(status.get("content").asText()).isEqualTo("The agent is not reachable.");
      assertThat(status.get("metadata").get("status").asText()).isEqualTo("unavailable");
      assertThat(status.get("metadata").get("agentType").asText()).isEqualTo("BankRep");
    }
  }

  @Test
  void shouldAnswerBadFramesWithErrorFramesAndKeepTheSocketUsable() {
    Chat chat = chat("hank");
    try (LiveSocket socket = open(chat)) {
      socket.send("{\"id\":\"x\",\"type\":");
      assertError(socket.next(), "invalid_json");
      socket.send("{\"id\":\"b-1\",\"type\":\"typing\"}");
      assertThat(assertError(socket.next(), "unknown_type").get("id").asText()).isEqualTo("b-1");
      socket.sendMessage("b-2", "   ");
      assertError(socket.next(), "invalid_content");
      socket.sendMessage("b-3", "a".repeat(1001));
      assertError(socket.next(), "invalid_content");
      socket.sendMessage("i".repeat(65), "hello");
      assertError(socket.next(), "invalid_id");
      socket.send("[\"message\"]");
      assertError(socket.next(), "invalid_frame");

      socket.sendMessage("b-ok", "a".repeat(1000));
      LiveSocket.ack(socket.next(), "b-ok");
    }
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), chat.sessionId()).stream()
        .filter(r -> r.value() instanceof UserMessage)).hasSize(1);
  }

  private static JsonNode assertError(JsonNode frame, String code) {
    assertThat(frame.get("type").asText()).as("frame %s", frame).isEqualTo("error");
    assertThat(frame.get("code").asText()).isEqualTo(code);
    assertThat(frame.get("content").asText()).isNotBlank();
    assertThat(frame.has("seq")).isFalse();
    return frame;
  }

  @Test
  void shouldCloseWith1009WhenAFrameIsOver16KiB() {
    Chat chat = chat("iris");
    try (LiveSocket socket = open(chat)) {
      socket.sendMessage("big", "x".repeat(16 * 1024));

      assertThat(socket.awaitClosed().code()).isEqualTo(1009);
    }
  }

  @Test
  void shouldCloseTheSocketWhenTheSessionIsDeleted() {
    Chat chat = chat("jack");
    try (LiveSocket socket = open(chat)) {
      assertThat(chat.browser().delete("/api/v1/sessions/" + chat.sessionId()).status()).isEqualTo(200);

      JsonSocket.Closed closed = socket.awaitClosed();
      assertThat(closed.code()).isEqualTo(1000);
      assertThat(closed.reason()).isEqualTo("session deleted");
    }
  }

  @Test
  void shouldRefuseBinaryFramesAndStayOpen() {
    Chat chat = chat("kate");
    try (LiveSocket socket = open(chat)) {
      socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      assertError(socket.next(), "invalid_frame");

      socket.sendMessage("k-1", "text works");
      LiveSocket.ack(socket.next(), "k-1");
    }
  }
}
