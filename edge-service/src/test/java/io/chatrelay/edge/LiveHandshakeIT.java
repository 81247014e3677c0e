package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.json.Json;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.LiveSocket;
import io.chatrelay.testing.RawWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may open a session's socket: only its signed-in owner, from a page of an allowed origin. Every refusal is a
 * problem answer and no upgrade.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveHandshakeIT {

  private static final String PARTNER = "https://partner.example";

  private RelayInfra infra;
  private EdgeHarness harness;
  private ApiClient owner;
  private String sessionId;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra, Map.of("ALLOWED_ORIGINS", PARTNER));
    this.owner = harness.client();
    this.sessionId = owner.createSession(infra.uniqueName("owner"));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  private String ownOrigin() {
    return LiveSocket.origin(harness.baseUri());
  }

  /** The handshake's answer to a client sending exactly these headers. */
  private RawWebSocket.Answer handshake(String path, String cookie, String origin) throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(harness.baseUri().resolve(path), LiveSocket.headers(cookie, origin),
        0)) {
      return raw.answer();
    }
  }

  /** The status the JDK's client, as a browser would, is refused with on the session's socket (0 if upgraded). */
  private int refusedStatus(String cookie, String origin) {
    return LiveSocket.attempt(LiveSocket.uri(harness.baseUri(), sessionId), LiveSocket.headers(cookie, origin))
        .refusedStatus();
  }

  private static JsonNode assertRefused(RawWebSocket.Answer answer, int status, String slug) throws Exception {
    assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
    assertThat(answer.header("Upgrade")).isNull();
    assertThat(answer.header("Sec-WebSocket-Accept")).isNull();
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    JsonNode body = Json.mapper().readTree(answer.body());
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyInAnyOrder("type", "title", "status", "detail");
    assertThat(body.get("type").asText()).isEqualTo("https://chat-relay.dev/problems/" + slug);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    return body;
  }

  @Test
  void shouldUpgradeTheOwnerFromTheOwnOriginOrAnAllowedOne() throws Exception {
    assertThat(handshake(LiveSocket.path(sessionId), owner.cookie(), ownOrigin()).status()).isEqualTo(101);
    assertThat(handshake(LiveSocket.path(sessionId), owner.cookie(), PARTNER).status()).isEqualTo(101);
    try (LiveSocket socket = LiveSocket.open(harness.baseUri(), sessionId, owner.cookie())) {
      socket.sendMessage("ok-1", "hello");
      LiveSocket.ack(socket.next(), "ok-1");
    }
  }

  @Test
  void shouldRefuseAForeignOrMissingOrigin() throws Exception {
    assertRefused(handshake(LiveSocket.path(sessionId), owner.cookie(), "https://evil.example"), 403,
        "origin-not-allowed");
    assertRefused(handshake(LiveSocket.path(sessionId), owner.cookie(), "null"), 403, "origin-not-allowed");
    assertRefused(handshake(LiveSocket.path(sessionId), owner.cookie(), null), 403, "origin-required");
    assertThat(refusedStatus(owner.cookie(), "https://evil.example")).isEqualTo(403);
  }

  @Test
  void shouldRefuseAMissingOrTamperedCookie() throws Exception {
    String valid = owner.cookie();
    String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");

    assertRefused(handshake(LiveSocket.path(sessionId), null, ownOrigin()), 401, "unauthenticated");
    assertRefused(handshake(LiveSocket.path(sessionId), tampered, ownOrigin()), 401, "unauthenticated");
    assertRefused(handshake(LiveSocket.path(sessionId), "garbage", ownOrigin()), 401, "unauthenticated");
    assertThat(refusedStatus(null, ownOrigin())).isEqualTo(401);
  }

  @Test
  void shouldAnswerAnotherUsersSessionExactlyLikeOneThatDoesNotExist() throws Exception {
    ApiClient stranger = harness.client();
    stranger.createSession(infra.uniqueName("stranger"));

    JsonNode foreign = assertRefused(handshake(LiveSocket.path(sessionId), stranger.cookie(), ownOrigin()), 404,
        "session-not-found");
    JsonNode missing = assertRefused(handshake(LiveSocket.path(UUID.randomUUID().toString()), stranger.cookie(),
        ownOrigin()), 404, "session-not-found");

    assertThat(foreign).isEqualTo(missing);
    assertRefused(handshake("/api/v1/sessions/not-a-session/ws", stranger.cookie(), ownOrigin()), 404,
        "session-not-found");
  }

  @Test
  void shouldRefuseADeletedSession() throws Exception {
    String doomed = owner.createSession(null);
    assertThat(owner.delete("/api/v1/sessions/" + doomed).status()).isEqualTo(200);

    assertRefused(handshake(LiveSocket.path(doomed), owner.cookie(), ownOrigin()), 404, "session-not-found");
  }

  @Test
  void shouldRefuseAMalformedLastSeq() throws Exception {
    assertRefused(handshake(LiveSocket.path(sessionId) + "?lastSeq=yesterday", owner.cookie(), ownOrigin()), 400,
        "invalid-request");
    assertRefused(handshake(LiveSocket.path(sessionId) + "?lastSeq=-5", owner.cookie(), ownOrigin()), 400,
        "invalid-request");
  }

  @Test
  void shouldAskPlainRequestsToUpgrade() {
    ApiClient.Response plain = owner.get(LiveSocket.path(sessionId));

    assertThat(plain.status()).isEqualTo(426);
    assertThat(plain.header("Upgrade")).contains("websocket");
    ProblemAssert.assertProblem(plain, 426, "upgrade-required");
  }
}
