package io.chatrelay.launcher;

import static io.chatrelay.testing.JsonSocket.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.launcher.testing.Browserless;
import io.chatrelay.launcher.testing.SharedStack;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live half end to end: browser WebSocket -> edge -> Kafka -> connector -> demo agent -> Kafka -> edge ->
 * browser, with the real projector keeping the history the REST API serves.
 */
@ExtendWith(SharedStack.class)
class LiveRelayIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final DevStack stack;

  LiveRelayIT(DevStack stack) {
    this.stack = stack;
  }

  private Browserless signedIn() {
    return new Browserless(stack.baseUrl());
  }

  private static String user() {
    return "live-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private JsonNode history(Browserless browser, String session) {
    return browser.get("/api/v1/sessions/" + session + "/messages?limit=100").body().get("messages");
  }

  @Test
  void shouldAckTheMessageThenRelayItAndTheAgentsReplyInLogOrder() {
    Browserless browser = signedIn();
    String session = browser.openSession(user(), "PaymentsEcosystemRep");
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.sessionCookie())) {
      socket.sendMessage("c-1", "How do payments clear?");

      JsonNode ack = socket.next(ofType("ack"), WAIT);
      assertThat(ack.get("id").asText()).isEqualTo("c-1");
      JsonNode mine = socket.next(ofType("message"), WAIT);
      assertThat(mine.get("seq").asLong()).isEqualTo(ack.get("seq").asLong());
      assertThat(mine.get("role").asText()).isEqualTo("user");
      assertThat(mine.get("content").asText()).isEqualTo("How do payments clear?");
      JsonNode reply = socket.next(ofType("response"), WAIT);
      assertThat(reply.get("role").asText()).isEqualTo("assistant");
      assertThat(reply.get("seq").asLong()).isGreaterThan(mine.get("seq").asLong());
      assertThat(reply.get("metadata").get("inReplyTo").asText()).isEqualTo(mine.get("id").asText());
      assertThat(reply.get("metadata").get("agentType").asText()).isEqualTo("PaymentsEcosystemRep");

      JsonNode stored = await().atMost(WAIT).until(() -> history(browser, session), h -> h.size() == 2);
      assertThat(stored.get(0).get("id").asText()).isEqualTo(mine.get("id").asText());
      assertThat(stored.get(1).get("id").asText()).isEqualTo(reply.get("id").asText());
    }
  }

  @Test
  void shouldStoreAFrameResentAfterReconnectOnceAndAckItAgainWithTheSameSeq() {
    Browserless browser = signedIn();
    String session = browser.openSession(user(), "BankRep");
    long firstSeq;
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.sessionCookie())) {
      socket.sendMessage("retry-1", "Can I open an account?");
      firstSeq = socket.next(ofType("ack"), WAIT).get("seq").asLong();
    }
    try (LiveSocket again = LiveSocket.open(stack.baseUrl(), session, browser.sessionCookie())) {
      again.sendMessage("retry-1", "Can I open an account?");
      assertThat(again.next(ofType("ack"), WAIT).get("seq").asLong()).isEqualTo(firstSeq);
    }
    JsonNode stored = await().atMost(WAIT).until(() -> history(browser, session), h -> h.size() >= 2);
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> history(browser, session).size() == 2);
    assertThat(stored.get(0).get("content").asText()).isEqualTo("Can I open an account?");
    assertThat(stored.get(1).get("role").asText()).isEqualTo("assistant");
  }

  @Test
  void shouldResumeFromLastSeqWithWhatHappenedWhileDisconnectedNoGapNoDuplicate() {
    Browserless browser = signedIn();
    String session = browser.openSession(user(), "TradeBodyRep");
    long lastSeen;
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.sessionCookie())) {
      socket.sendMessage("before", "First question");
      lastSeen = socket.next(ofType("response"), WAIT).get("seq").asLong();
    }
    String whileAway = browser.post("/api/v1/sessions/" + session + "/messages", "{\"content\":\"Sent over REST\"}")
        .body().get("message").get("id").asText();
    await().atMost(WAIT).until(() -> history(browser, session).size() == 4);

    try (LiveSocket resumed = LiveSocket.resume(stack.baseUrl(), session, browser.sessionCookie(), lastSeen)) {
      JsonNode missed = resumed.next(ofType("message"), WAIT);
      assertThat(missed.get("id").asText()).isEqualTo(whileAway);
      JsonNode missedReply = resumed.next(ofType("response"), WAIT);
      assertThat(missedReply.get("metadata").get("inReplyTo").asText()).isEqualTo(whileAway);

      resumed.sendMessage("after", "Live again");
      JsonNode ack = resumed.next(ofType("ack"), WAIT);
      resumed.next(ofType("response"), WAIT);
      List<Long> seqs = new ArrayList<>(List.of(missed.get("seq").asLong(), missedReply.get("seq").asLong()));
      assertThat(ack.get("seq").asLong()).isGreaterThan(missedReply.get("seq").asLong());
      assertThat(seqs).allMatch(seq -> seq > lastSeen).doesNotHaveDuplicates();
    }
  }

  @Test
  void shouldNotHoldOneSessionsReplyBehindAnotherSessionsSlowAgent() {
    Browserless slowUser = signedIn();
    Browserless quickUser = signedIn();
    String slowSession = slowUser.openSession(user(), "BankRep");
    String quickSession = quickUser.openSession(user(), "BankRep");
    try (LiveSocket slow = LiveSocket.open(stack.baseUrl(), slowSession, slowUser.sessionCookie());
         LiveSocket quick = LiveSocket.open(stack.baseUrl(), quickSession, quickUser.sessionCookie())) {
      slow.sendMessage("s", "/slow 5000 take your time");
      slow.next(ofType("ack"), WAIT);
      quick.sendMessage("q", "quick one");
      quick.next(ofType("response"), WAIT);
      assertThat(slow.drain(Duration.ZERO)).noneMatch(frame -> frame.path("type").asText().equals("response"));
      slow.next(ofType("response"), WAIT);
    }
  }
}
