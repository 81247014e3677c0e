package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.LiveSocket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guests and sessions cannot be minted without limit from one address: sign-ins, sessions and messages are limited
 * per client address beside the per-user limits, and a user keeps a bounded number of open sessions. Each test runs
 * an edge of its own, as all its clients share 127.0.0.1.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbuseLimitsIT {

  private static final String SESSIONS = "/api/v1/sessions";
  /** What browsers call the edge; the tests speak plain HTTP to it, as to an edge behind a TLS terminator. */
  private static final String PUBLIC_ORIGIN = "https://chat.example.com";
  private RelayInfra infra;

  @BeforeAll
  void infra(RelayInfra infra) {
    this.infra = infra;
  }

  /** An edge in production mode (guests only, as on the internet) with {@code limits} on top of the test's base. */
  private EdgeHarness edge(Map<String, String> limits) {
    Map<String, String> env = new HashMap<>(Map.of("RELAY_MODE", "production",
        "SESSION_SECRET", "production-test-secret-0123456789abcdefghij", "ALLOW_INSECURE_COOKIE", "true",
        "PUBLIC_ORIGIN", PUBLIC_ORIGIN));
    env.putAll(limits);
    return EdgeHarness.start(infra, env);
  }


  private static ApiClient.Response postForm(EdgeHarness edge, ApiClient browser, String path,
      Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return browser.send(browser.request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", PUBLIC_ORIGIN).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private static void assertRetryAfter(ApiClient.Response response) {
    assertThat(response.header("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
  }

  @Test
  void shouldRefuseNewGuestsFromOneAddressBeyondTheSignInLimitOnTheApiAndThePage() throws Exception {
    try (EdgeHarness edge = edge(Map.of("RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE", "3"))) {
      List<ApiClient> guests = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ApiClient guest = edge.client();
        assertThat(guest.post(SESSIONS, "{}").status()).isEqualTo(201);
        guests.add(guest);
      }
      ApiClient fourth = edge.client();
      ApiClient.Response refused = fourth.post(SESSIONS, "{}");
      ApiClient.Response pageRefused = postForm(edge, edge.client(), "/conversations", Map.of("agentType", "BankRep"));

      assertProblem(refused, 429, "sign-in-rate-limited");
      assertRetryAfter(refused);
      assertThat(fourth.cookie()).as("no guest minted").isNull();
      assertThat(pageRefused.status()).isEqualTo(429);
      assertThat(pageRefused.contentType()).startsWith("text/html");
      assertThat(pageRefused.body()).contains("too many attempts");
      assertRetryAfter(pageRefused);
      // Someone already signed in is not a new sign-in: the address's limit does not stop their next conversation.
      assertThat(guests.get(0).post(SESSIONS, "{}").status()).isEqualTo(201);
      System.out.printf("FIGURE abuse-sign-ins: limit 3/min per address: guests 1-3 created (201), the 4th refused "
              + "%d %s Retry-After %s s, the page form %d; a signed-in guest's next session 201%n", refused.status(),
          refused.json().get("type").asText(), refused.header("Retry-After").orElseThrow(), pageRefused.status());
    }
  }

  @Test
  void shouldRefuseSessionsFromOneAddressBeyondItsLimitWhoeverCreatesThem() throws Exception {
    try (EdgeHarness edge = edge(Map.of("RATE_LIMIT_SESSIONS_PER_IP_PER_MINUTE", "4"))) {
      ApiClient one = edge.client();
      ApiClient other = edge.client();
      assertThat(one.post(SESSIONS, "{}").status()).isEqualTo(201);
      assertThat(other.post(SESSIONS, "{}").status()).isEqualTo(201);
      assertThat(one.post(SESSIONS, "{}").status()).isEqualTo(201);
      assertThat(one.post(SESSIONS, "{}").status()).isEqualTo(201);

      ApiClient.Response refused = other.post(SESSIONS, "{}");

      assertProblem(refused, 429, "session-rate-limited");
      assertRetryAfter(refused);
      assertThat(other.get(SESSIONS).json().get("sessions")).hasSize(1);
      System.out.printf("FIGURE abuse-sessions: limit 4/min per address: 4 sessions of 2 guests created, the 5th "
          + "refused %d Retry-After %s s%n", refused.status(), refused.header("Retry-After").orElseThrow());
    }
  }

  @Test
  void shouldCapOpenSessionsPerUserUntilOldOnesAreDeleted() throws Exception {
    try (EdgeHarness edge = edge(Map.of("MAX_OPEN_SESSIONS_PER_USER", "2"))) {
      ApiClient guest = edge.client();
      String first = guest.post(SESSIONS, "{}").json().get("sessionId").asText();
      assertThat(guest.post(SESSIONS, "{}").status()).isEqualTo(201);

      ApiClient.Response refused = guest.post(SESSIONS, "{}");
      JsonNode problem = assertProblem(refused, 409, "too-many-open-sessions");
      assertThat(problem.get("detail").asText()).contains("Delete");
      assertThat(guest.get(SESSIONS).json().get("sessions")).hasSize(2);

      assertThat(guest.delete(SESSIONS + "/" + first).status()).isEqualTo(200);
      assertThat(guest.post(SESSIONS, "{}").status()).isEqualTo(201);
      System.out.printf("FIGURE abuse-open-sessions: cap 2: the 3rd open session refused %d %s; after a delete, "
          + "created again%n", refused.status(), problem.get("type").asText());
    }
  }

  @Test
  void shouldLimitMessagesPerAddressAcrossGuestsOnRestWebSocketAndPage() throws Exception {
    try (EdgeHarness edge = edge(Map.of("RATE_LIMIT_IP_MESSAGES_PER_SECOND", "0.01", "RATE_LIMIT_IP_BURST", "4",
        "RATE_LIMIT_MESSAGES_PER_SECOND", "1000", "RATE_LIMIT_BURST", "1000"))) {
      List<ApiClient> guests = new ArrayList<>();
      List<String> sessions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ApiClient guest = edge.client();
        sessions.add(guest.post(SESSIONS, "{}").json().get("sessionId").asText());
        guests.add(guest);
      }
      for (int i = 0; i < 4; i++) {
        assertThat(guests.get(i).post(SESSIONS + "/" + sessions.get(i) + "/messages", "{\"content\":\"hi\"}")
            .status()).isEqualTo(200);
      }

      ApiClient.Response rest = guests.get(0).post(SESSIONS + "/" + sessions.get(0) + "/messages",
          "{\"content\":\"one more\"}");
      JsonNode frame;
      try (LiveSocket socket = LiveSocket.open(LiveSocket.uri(edge.baseUri(), sessions.get(1)),
          LiveSocket.headers(guests.get(1).cookie(), PUBLIC_ORIGIN))) {
        socket.sendMessage("m-1", "and over the socket");
        frame = socket.next();
      }
      ApiClient.Response page = postForm(edge, guests.get(2), "/conversations/" + sessions.get(2) + "/messages",
          Map.of("message", "and the form"));

      assertProblem(rest, 429, "rate-limited");
      assertRetryAfter(rest);
      assertThat(frame.get("type").asText()).isEqualTo("error");
      assertThat(frame.get("code").asText()).isEqualTo("rate_limited");
      assertThat(frame.get("retryAfter").asLong()).isPositive();
      assertThat(page.status()).isEqualTo(429);
      assertRetryAfter(page);
      assertThat(guests.get(3).get(SESSIONS + "/" + sessions.get(3) + "/messages").json().get("messages"))
          .hasSize(1);
      System.out.printf("FIGURE abuse-address-messages: 4 guests of one address, burst 4: 4 sent, then REST %d "
              + "Retry-After %s s, WebSocket %s, page %d%n", rest.status(), rest.header("Retry-After").orElseThrow(),
          frame.get("code").asText(), page.status());
    }
  }

  @Test
  void shouldCountEachClientBehindATrustedProxyByItsForwardedAddress() throws Exception {
    try (EdgeHarness behindProxy = edge(Map.of("RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE", "2",
        "TRUSTED_PROXIES", "127.0.0.1, ::1"));
        EdgeHarness direct = edge(Map.of("RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE", "2"))) {
      // The proxy appends the address it saw; whatever the client wrote before that is not believed.
      List<Integer> first = signIns(behindProxy, "6.6.6.1, 198.51.100.1", "6.6.6.2, 198.51.100.1",
          "6.6.6.3, 198.51.100.1");
      List<Integer> second = signIns(behindProxy, "198.51.100.2");
      // Without TRUSTED_PROXIES the header is anyone's to write: changing it buys no new allowance.
      List<Integer> spoofed = signIns(direct, "198.51.100.1", "198.51.100.2", "198.51.100.3");

      assertThat(first).as("one client behind the proxy").containsExactly(201, 201, 429);
      assertThat(second).as("another client behind the same proxy").containsExactly(201);
      assertThat(spoofed).as("a client forging the header").containsExactly(201, 201, 429);
      System.out.printf("FIGURE abuse-forwarded: limit 2/min per address behind a trusted proxy: client A %s, "
          + "client B %s; with no trusted proxy, forged X-Forwarded-For %s%n", first, second, spoofed);
    }
  }

  private static List<Integer> signIns(EdgeHarness edge, String... forwardedFor) {
    List<Integer> statuses = new ArrayList<>();
    for (String header : forwardedFor) {
      statuses.add(edge.client().post(SESSIONS, "{}", Map.of("X-Forwarded-For", header)).status());
    }
    return statuses;
  }
}
