package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ChatLogTail;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthAndOriginIT {

  private static final String PARTNER = "https://partner.example";

  private RelayInfra infra;
  private EdgeHarness harness;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra, Map.of("ALLOWED_ORIGINS", PARTNER));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void shouldRefuseUnauthenticatedCallsOnEveryRouteButSessionCreation() {
    ApiClient stranger = harness.client();
    String id = UUID.randomUUID().toString();

    assertProblem(stranger.get("/api/v1/sessions"), 401, "unauthenticated");
    assertProblem(stranger.get("/api/v1/sessions/" + id), 401, "unauthenticated");
    assertProblem(stranger.delete("/api/v1/sessions/" + id), 401, "unauthenticated");
    assertProblem(stranger.get("/api/v1/sessions/" + id + "/messages"), 401, "unauthenticated");
    assertProblem(stranger.post("/api/v1/sessions/" + id + "/messages", "{\"content\":\"hi\"}"), 401,
        "unauthenticated");
    assertThat(stranger.post("/api/v1/sessions", "{}").status()).isEqualTo(201);
  }

  @Test
  void shouldRefuseTamperedCookieEverywhereIncludingSessionCreation() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("alice"));
    String valid = browser.cookie();
    String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");

    ApiClient forger = harness.client().withCookie(tampered);

    assertProblem(forger.get("/api/v1/sessions"), 401, "unauthenticated");
    assertProblem(forger.get("/api/v1/sessions/" + sessionId), 401, "unauthenticated");
    assertProblem(forger.post("/api/v1/sessions", "{}"), 401, "unauthenticated");
    assertProblem(harness.client().withCookie("garbage").get("/api/v1/sessions"), 401, "unauthenticated");
  }

  @Test
  void shouldRefuseCookieSignedWithAnotherSecretOrExpired() {
    ApiClient browser = harness.client();
    String user = infra.uniqueName("bob");
    browser.createSession(user);
    SessionCookies otherSecret = new SessionCookies("not-the-servers-secret-0123456789abcdef", "DEV",
        Duration.ofHours(1), false, Clock.systemUTC());
    SessionCookies expired = new SessionCookies(SignInSettings.DEV_SESSION_SECRET, "DEV",
        Duration.ofHours(1), false, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));

    assertProblem(harness.client().withCookie(otherSecret.sign(user)).get("/api/v1/sessions"), 401,
        "unauthenticated");
    assertProblem(harness.client().withCookie(expired.sign(user)).get("/api/v1/sessions"), 401, "unauthenticated");
  }

  @Test
  void shouldRefuseStateChangesFromForeignOrigins() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("carol"));
    String evil = "https://evil.example";

    assertProblem(browser.send(browser.request("/api/v1/sessions").header("Origin", evil)
        .POST(HttpRequest.BodyPublishers.ofString("{}"))), 403, "origin-not-allowed");
    assertProblem(browser.send(browser.request("/api/v1/sessions/" + sessionId + "/messages").header("Origin", evil)
        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hi\"}"))), 403, "origin-not-allowed");
    assertProblem(browser.send(browser.request("/api/v1/sessions/" + sessionId).header("Origin", evil).DELETE()),
        403, "origin-not-allowed");
    assertThat(browser.get("/api/v1/sessions/" + sessionId).status()).as("still there").isEqualTo(200);
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), sessionId)).as("nothing but the creation").hasSize(1);
  }

  @Test
  void shouldAcceptOwnAndConfiguredOriginsAndReadsFromAnywhere() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("dave"));
    String own = "http://" + harness.baseUri().getHost() + ":" + harness.baseUri().getPort();

    assertThat(browser.send(browser.request("/api/v1/sessions/" + sessionId + "/messages").header("Origin", own)
        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"from our page\"}"))).status()).isEqualTo(200);
    assertThat(browser.send(browser.request("/api/v1/sessions/" + sessionId + "/messages").header("Origin", PARTNER)
        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"from partner\"}"))).status()).isEqualTo(200);
    assertThat(browser.send(browser.request("/api/v1/sessions/" + sessionId)
        .header("Origin", "https://evil.example").GET()).status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseCookieStateChangesThatDoNotShowTheyComeFromOurPages() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("frank"));
    String cookie = "session=" + browser.cookie();
    String messages = "/api/v1/sessions/" + sessionId + "/messages";
    int refused = 0;

    for (String fetchSite : new String[] {null, "cross-site", "same-site", "none"}) {
      HttpRequest.Builder post = HttpRequest.newBuilder(harness.baseUri().resolve(messages)).header("Cookie", cookie)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"x\"}"));
      HttpRequest.Builder delete = HttpRequest.newBuilder(harness.baseUri().resolve("/api/v1/sessions/" + sessionId))
          .header("Cookie", cookie).DELETE();
      if (fetchSite != null) {
        post.header("Sec-Fetch-Site", fetchSite);
        delete.header("Sec-Fetch-Site", fetchSite);
      }
      assertProblem(browser.send(post), 403, "origin-required");
      assertProblem(browser.send(delete), 403, "origin-required");
      refused += 2;
    }
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), sessionId)).as("nothing but the creation").hasSize(1);
    assertThat(browser.post(messages, "{\"content\":\"same-origin fetch\"}").status()).isEqualTo(200);
    assertThat(harness.client().post("/api/v1/sessions", "{}").status()).as("no cookie, no Origin: curl")
        .isEqualTo(201);
    System.out.printf("FIGURE AuthAndOriginIT.csrf: %d cookie requests without Origin or same-origin "
        + "Sec-Fetch-Site, %d refused with 403 origin-required%n", refused, refused);
  }

  @Test
  void shouldRefuseAForgedHostHeaderAsTheOwnOrigin() throws Exception {
    // DNS rebinding: a page of evil.example, its name now pointing at this edge, posts "to itself".
    String evilHost = "evil.example:" + harness.baseUri().getPort();
    String body = "{\"userId\":\"" + infra.uniqueName("victim") + "\"}";

    String created = RawHttp.exchange(harness.baseUri(), "POST /api/v1/sessions HTTP/1.1\r\nHost: " + evilHost
        + "\r\nOrigin: http://" + evilHost + "\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    String signIn = RawHttp.exchange(harness.baseUri(), "POST /sign-in HTTP/1.1\r\nHost: " + evilHost
        + "\r\nOrigin: http://" + evilHost + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: 11\r\nConnection: close\r\n\r\nuserId=mark");

    assertThat(created).startsWith("HTTP/1.1 403").contains("origin-not-allowed").doesNotContain("Set-Cookie");
    assertThat(signIn).startsWith("HTTP/1.1 403").doesNotContain("Set-Cookie");
    System.out.printf("FIGURE AuthAndOriginIT.rebinding: forged Host + matching Origin: API %s, page %s%n",
        created.substring(9, 12), signIn.substring(9, 12));
  }

  @Test
  void shouldAnswerUnknownPathsAndWrongMethodsWithProblems() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("erin"));

    ApiClient.Response put = browser.send(browser.request("/api/v1/sessions")
        .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(put, 405, "method-not-allowed");
    assertThat(put.header("Allow")).contains("GET, POST");
    ApiClient.Response patch = browser.send(browser.request("/api/v1/sessions/" + sessionId)
        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    assertProblem(patch, 405, "method-not-allowed");
    assertThat(patch.header("Allow")).contains("DELETE, GET");
    assertProblem(browser.get("/nope"), 404, "not-found");
    assertProblem(browser.get("/api/v1/sessions/" + sessionId + "/unknown"), 404, "not-found");
    assertProblem(browser.get("/api/v2/sessions"), 404, "not-found");
  }
}
