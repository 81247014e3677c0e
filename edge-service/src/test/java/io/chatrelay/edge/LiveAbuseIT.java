package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import io.chatrelay.testing.RawWebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One user, or one address, cannot take the instance's sockets, and browsers that do not read cannot take its resume
 * threads.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveAbuseIT {

  private static final int HISTORY = 1500;
  private static final int NON_READERS = 6;
  private static final int MAX_QUEUED = 64 * 1024;
  private RelayInfra infra;

  @BeforeAll
  void infra(RelayInfra infra) {
    this.infra = infra;
  }

  private static Map<String, String> headers(EdgeHarness edge, ApiClient browser) {
    return LiveSocket.headers(browser.cookie(), LiveSocket.origin(edge.baseUri()));
  }

  private static URI ws(EdgeHarness edge, String sessionId, String query) {
    return edge.baseUri().resolve(LiveSocket.path(sessionId) + query);
  }

  private static double overloaded(EdgeHarness edge) {
    var closes = edge.edge().registry().find("edge.ws.closes").tag("reason", "overloaded").counter();
    return closes == null ? 0 : closes.count();
  }

  @Test
  void shouldCapSocketsPerUserAndPerAddressWith429AndGiveTheSlotBackOnClose() throws Exception {
    try (EdgeHarness edge = EdgeHarness.start(infra, Map.of("WS_MAX_CONNECTIONS_PER_USER", "2",
        "WS_MAX_CONNECTIONS_PER_IP", "3"))) {
      ApiClient alice = edge.client();
      String aliceSession = alice.createSession(infra.uniqueName("alice"));
      ApiClient bob = edge.client();
      String bobSession = bob.createSession(infra.uniqueName("bob"));
      try (LiveSocket a1 = LiveSocket.open(edge.baseUri(), aliceSession, alice.cookie());
          LiveSocket a2 = LiveSocket.open(edge.baseUri(), aliceSession, alice.cookie())) {
        RawWebSocket.Answer userFull;
        try (RawWebSocket third = RawWebSocket.connect(ws(edge, aliceSession, ""), headers(edge, alice), 0)) {
          userFull = third.answer();
        }
        RawWebSocket.Answer addressFull;
        try (LiveSocket b1 = LiveSocket.open(edge.baseUri(), bobSession, bob.cookie());
            RawWebSocket b2 = RawWebSocket.connect(ws(edge, bobSession, ""), headers(edge, bob), 0)) {
          addressFull = b2.answer();
        }

        for (RawWebSocket.Answer refused : List.of(userFull, addressFull)) {
          assertThat(refused.status()).isEqualTo(429);
          assertThat(refused.header("content-type")).startsWith("application/problem+json");
          assertThat(refused.body()).contains("https://chat-relay.dev/problems/too-many-connections");
          assertThat(refused.header("retry-after")).matches("[1-9][0-9]*");
          assertThat(refused.header("upgrade")).isNull();
        }
        a1.sendMessage("still-1", "still here");
        LiveSocket.ack(a1.next(), "still-1");

        a2.close();
        await().atMost(JsonSocket.WAIT).untilAsserted(() -> {
          try (RawWebSocket again = RawWebSocket.connect(ws(edge, aliceSession, ""), headers(edge, alice), 0)) {
            assertThat(again.answer().status()).isEqualTo(101);
          }
        });
        System.out.printf("FIGURE ws-caps: per user 2, per address 3: alice's 3rd socket %d (Retry-After %s s), "
                + "bob's 2nd (the address's 4th) %d; a socket closed, its slot taken again (101)%n", userFull.status(),
            userFull.header("retry-after"), addressFull.status());
      }
    }
  }

  @Test
  void shouldKeepResumeThreadsFreeWhileBrowsersThatDoNotReadReplayALongConversation() throws Exception {
    try (EdgeHarness edge = EdgeHarness.start(infra, Map.of("WS_MAX_QUEUED_BYTES", Integer.toString(MAX_QUEUED),
        "RATE_LIMIT_MESSAGES_PER_SECOND", "100000", "RATE_LIMIT_BURST", "100000"))) {
      ApiClient owner = edge.client();
      String longSession = owner.createSession(infra.uniqueName("long"));
      // 1,000 characters of 4 bytes each: 6 MB in all, more than the kernel buffers of a socket hold.
      String text = "\uD83D\uDE00".repeat(1000);
      ExecutorService writers = Executors.newFixedThreadPool(8);
      try {
        List<Future<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
          // A copy of the cookie per request: each answer re-issues it, and the order of the answers is not known.
          ApiClient writer = edge.client().withCookie(owner.cookie());
          posts.add(writers.submit(() -> writer.post("/api/v1/sessions/" + longSession + "/messages",
              "{\"content\":\"" + text + "\"}").status()));
        }
        for (Future<Integer> post : posts) {
          assertThat(post.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        writers.shutdownNow();
      }
      ApiClient other = edge.client();
      String shortSession = other.createSession(infra.uniqueName("short"));
      for (String content : List.of("one", "two", "three")) {
        other.post("/api/v1/sessions/" + shortSession + "/messages", "{\"content\":\"" + content + "\"}");
      }
      await().atMost(JsonSocket.WAIT).until(() -> owner.get("/api/v1/sessions/" + longSession).json()
          .get("metadata").get("messageCount").asInt() == HISTORY);

      List<RawWebSocket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < NON_READERS; i++) {
          // A small receive buffer, and never a read: the replay piles up on the edge.
          RawWebSocket socket = RawWebSocket.connect(ws(edge, longSession, "?lastSeq=-1"), headers(edge, owner),
              4096);
          assertThat(socket.answer().status()).isEqualTo(101);
          stalled.add(socket);
        }
        long start = System.nanoTime();
        List<JsonNode> replayed;
        try (LiveSocket reader = LiveSocket.resume(edge.baseUri(), shortSession, other.cookie(), -1)) {
          replayed = reader.until(f -> "three".equals(f.path("content").asText()));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(replayed).extracting(f -> f.get("content").asText()).containsExactly("one", "two", "three");
        // Still not reading: the edge gives up on each of them by itself.
        await().atMost(JsonSocket.WAIT).until(() -> overloaded(edge) == NON_READERS);
        List<Integer> codes = new ArrayList<>();
        for (RawWebSocket socket : stalled) {
          codes.add(socket.awaitClose(20_000));
        }
        // Closed as overloaded: the close frame (1013) when it got out, else the hang-up that follows it.
        assertThat(codes).allMatch(code -> code == 1013 || code == 1006);
        System.out.printf("FIGURE slow-resume: %d sockets that never read resumed %d messages of 4 KB "
                + "(WS_MAX_QUEUED_BYTES %d): all closed as overloaded (codes %s); another user's resume of 3 "
                + "messages meanwhile took %d ms%n", NON_READERS, HISTORY, MAX_QUEUED, codes, millis);
      } finally {
        stalled.forEach(RawWebSocket::close);
      }
    }
  }
}
