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
import io.chatrelay.testing.RawWebSocket;
import io.micrometer.core.instrument.Counter;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** What keeps one browser from costing the edge too much: rate limit, bounded queue, connection cap; sign-out. */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveLimitsIT {

  private static final int MAX_QUEUED = 64 * 1024;

  private RelayInfra infra;
  private EdgeHarness harness;
  private AgentSide agent;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra, Map.of(
        "RATE_LIMIT_MESSAGES_PER_SECOND", "0.2", "RATE_LIMIT_BURST", "3",
        "WS_MAX_QUEUED_BYTES", Integer.toString(MAX_QUEUED)));
    this.agent = new AgentSide(infra.bootstrapServers());
  }

  @AfterAll
  void stop() throws Exception {
    agent.close();
    harness.close();
  }

  private double closes(EdgeHarness on, String reason) {
    Counter counter = on.edge().registry().find("edge.ws.closes").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldRefuseMessagesOverTheRateLimitOnTheSocketAndOverRest() throws Exception {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("chatty"));
    try (LiveSocket socket = LiveSocket.open(harness.baseUri(), sessionId, browser.cookie())) {
      for (int i = 1; i <= 4; i++) {
        socket.sendMessage("r-" + i, "message " + i);
      }
      List<JsonNode> frames = socket.until(f -> "error".equals(f.get("type").asText()) && f.has("code"));
      JsonNode refused = frames.get(frames.size() - 1);

      assertThat(refused.get("code").asText()).isEqualTo("rate_limited");
      assertThat(refused.get("id").asText()).isEqualTo("r-4");
      assertThat(refused.get("retryAfter").asLong()).isBetween(1L, 5L);
      assertThat(refused.get("content").asText()).isNotBlank();

      ApiClient.Response rest = browser.post("/api/v1/sessions/" + sessionId + "/messages",
          "{\"content\":\"over REST\"}");
      ProblemAssert.assertProblem(rest, 429, "rate-limited");
      assertThat(Long.parseLong(rest.header("Retry-After").orElseThrow())).isBetween(1L, 5L);

      socket.drain(Duration.ofMillis(500));
    }
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), sessionId).stream()
        .filter(r -> r.value() instanceof UserMessage)).hasSize(3);
  }

  @Test
  void shouldDisconnectAClientThatStopsReadingAndKeepItsQueueBounded() throws Exception {
    ApiClient browser = harness.client();
    String userId = infra.uniqueName("stalled");
    String sessionId = browser.createSession(userId);
    double overloadedBefore = closes(harness, "overloaded");
    String content = "x".repeat(8 * 1024);
    long frameBytes;
    try (RawWebSocket raw = RawWebSocket.connect(harness.baseUri().resolve(LiveSocket.path(sessionId)),
        LiveSocket.headers(browser.cookie(), LiveSocket.origin(harness.baseUri())), 4096)) {
      assertThat(raw.answer().status()).isEqualTo(101);
      frameBytes = content.length() + 400;
      double maxQueued = 0;
      // The client reads nothing from here on, while replies keep coming.
      for (int batch = 0; batch < 100 && closes(harness, "overloaded") == overloadedBefore; batch++) {
        agent.replies(sessionId, userId, content, 50);
        maxQueued = Math.max(maxQueued, harness.edge().liveSockets().queuedBytes());
      }

      await().atMost(JsonSocket.WAIT).until(() -> closes(harness, "overloaded") > overloadedBefore);
      assertThat(maxQueued).isLessThanOrEqualTo(MAX_QUEUED + frameBytes);
      assertThat(harness.edge().liveSockets().queuedBytes()).isZero();
      assertThat(raw.readUntilClose()).as("the connection ends; a close frame, if any, says 1013")
          .satisfiesAnyOf(frame -> assertThat(frame).isNull(), frame -> assertThat(frame.closeCode()).isEqualTo(1013));
    }
  }

  @Test
  void shouldCloseEverySocketOfASignInOnSignOutAndNoOtherUsers() {
    ApiClient alice = harness.client();
    String first = alice.createSession(infra.uniqueName("alice"));
    String second = alice.createSession(null);
    ApiClient bob = harness.client();
    String bobs = bob.createSession(infra.uniqueName("bob"));
    try (LiveSocket a1 = LiveSocket.open(harness.baseUri(), first, alice.cookie());
        LiveSocket a2 = LiveSocket.open(harness.baseUri(), second, alice.cookie());
        LiveSocket b = LiveSocket.open(harness.baseUri(), bobs, bob.cookie())) {
      await().atMost(JsonSocket.WAIT).until(() -> harness.edge().liveSockets().open() >= 3);
      int openBefore = harness.edge().liveSockets().open();

      ApiClient.Response out = alice.send(alice.request("/sign-out")
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", LiveSocket.origin(
              harness.baseUri())).POST(HttpRequest.BodyPublishers.ofString("")));
      assertThat(out.status()).isEqualTo(303);
      assertThat(harness.edge().liveSockets().open()).as("gone by the time sign-out answers, before the close "
          + "handshake").isEqualTo(openBefore - 2);

      assertThat(a1.awaitClosed()).isEqualTo(new JsonSocket.Closed(1000, "signed out"));
      assertThat(a2.awaitClosed()).isEqualTo(new JsonSocket.Closed(1000, "signed out"));
      b.sendMessage("b-1", "still connected");
      LiveSocket.ack(b.next(), "b-1");
    }
  }

  @Test
  void shouldTurnAwayHandshakesBeyondTheConnectionCap() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("WS_MAX_CONNECTIONS", "2"));
    try (EdgeHarness small = EdgeHarness.start(infra, env)) {
      ApiClient browser = small.client();
      String sessionId = browser.createSession(infra.uniqueName("crowd"));
      Map<String, String> headers = LiveSocket.headers(browser.cookie(), LiveSocket.origin(small.baseUri()));
      try (LiveSocket one = LiveSocket.open(small.baseUri(), sessionId, browser.cookie());
          LiveSocket two = LiveSocket.open(small.baseUri(), sessionId, browser.cookie())) {
        try (RawWebSocket third =
            RawWebSocket.connect(small.baseUri().resolve(LiveSocket.path(sessionId)), headers, 0)) {
          assertThat(third.answer().status()).isEqualTo(503);
          assertThat(third.answer().header("Retry-After")).isNotBlank();
          assertThat(third.answer().header("Upgrade")).isNull();
        }
        one.close();
        await().atMost(JsonSocket.WAIT).until(() -> small.edge().liveSockets().open() == 1);
        await().atMost(JsonSocket.WAIT).untilAsserted(() -> {
          try (RawWebSocket again =
              RawWebSocket.connect(small.baseUri().resolve(LiveSocket.path(sessionId)), headers, 0)) {
            assertThat(again.answer().status()).isEqualTo(101);
          }
        });
      }
    }
  }

  @Test
  void shouldCountSocketsFramesAndClosesInTheMetrics() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("counted"));
    try (LiveSocket socket = LiveSocket.open(harness.baseUri(), sessionId, browser.cookie())) {
      socket.sendMessage("m-1", "counted");
      socket.next();

      String metrics = harness.ops().get("/metrics").body();
      assertThat(metrics).contains("edge_ws_connections", "edge_ws_queued_bytes", "edge_ws_frames_total",
          "direction=\"in\"", "direction=\"out\"");
    }
  }
}
