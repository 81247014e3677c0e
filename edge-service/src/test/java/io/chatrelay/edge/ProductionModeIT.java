package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionModeIT {

  private static final String PROXY_HEADER = "X-Auth-User";
  private static final String SECRET = "production-test-secret-0123456789abcdefghij";

  private RelayInfra infra;
  private EdgeHarness harness;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra, Map.of("RELAY_MODE", "production",
        "SESSION_SECRET", SECRET, "COOKIE_SECURE", "true",
        "PUBLIC_ORIGIN", "https://chat.example.com", "AUTH_PROXY_HEADER", PROXY_HEADER, "TRUSTED_PROXIES", "127.0.0.1, ::1"));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void shouldRefuseAClientChosenUserId() {
    ApiClient browser = harness.client();

    assertProblem(browser.post("/api/v1/sessions", "{\"userId\":\"admin\"}"), 403, "identity-not-selectable");
    assertThat(browser.cookie()).isNull();
  }

  @Test
  void shouldSignInAnonymousCallerAsServerGeneratedGuestWithSecureCookie() {
    ApiClient browser = harness.client();

    ApiClient.Response created = browser.post("/api/v1/sessions", "{\"metadata\":{\"agentType\":\"BankRep\"}}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Set-Cookie").orElseThrow()).contains("Secure", "HttpOnly", "SameSite=Lax");
    String sessionId = created.json().get("sessionId").asText();
    assertThat(browser.get("/api/v1/sessions/" + sessionId).json().get("userId").asText()).startsWith("guest-");
  }

  @Test
  void shouldTakeIdentityFromTheTrustedProxyHeader() {
    ApiClient proxied = harness.client();
    String user = infra.uniqueName("alice");

    ApiClient.Response created = proxied.send(proxied.request("/api/v1/sessions").header(PROXY_HEADER, user)
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\"}")));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Set-Cookie")).as("the proxy vouches on every request").isEmpty();
    String sessionId = created.json().get("sessionId").asText();

    JsonNode listing = proxied.send(proxied.request("/api/v1/sessions").header(PROXY_HEADER, user).GET()).json();
    assertThat(listing.get("sessions").get(0).get("id").asText()).isEqualTo(sessionId);
    assertThat(listing.get("sessions").get(0).get("userId").asText()).isEqualTo(user);
    assertProblem(proxied.send(proxied.request("/api/v1/sessions").header(PROXY_HEADER, user)
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"bob\"}"))), 403, "identity-mismatch");
    assertProblem(proxied.send(proxied.request("/api/v1/sessions").header(PROXY_HEADER, "not valid!").GET()), 401,
        "unauthenticated");
  }

  @Test
  void shouldRefuseCookiesSignedWithTheDevSecret() {
    SessionCookies dev = new SessionCookies(SignInSettings.DEV_SESSION_SECRET, "DEV", Duration.ofHours(1), false,
        Clock.systemUTC());

    assertProblem(harness.client().withCookie("__Host-session", dev.sign("admin")).get("/api/v1/sessions"), 401, "unauthenticated");
  }

  @Test
  void shouldRefuseACookieMintedInDevModeWithTheProductionSecret() {
    SessionCookies devWithOurSecret = new SessionCookies(SECRET, "DEV", Duration.ofHours(1), true,
        Clock.systemUTC());
    SessionCookies ours = new SessionCookies(SECRET, "PRODUCTION", Duration.ofHours(1), true, Clock.systemUTC());

    assertProblem(harness.client().withCookie("__Host-session", devWithOurSecret.sign("admin")).get("/api/v1/sessions"), 401,
        "unauthenticated");
    assertThat(harness.client().withCookie("__Host-session", ours.sign("admin")).get("/api/v1/sessions").status()).isEqualTo(200);
  }

  @Test
  void shouldNameTheCookieForHttpsOnlyAndAskForHttpsFromNowOn() {
    ApiClient browser = harness.client();

    ApiClient.Response created = browser.post("/api/v1/sessions", "{}");

    assertThat(created.header("Set-Cookie").orElseThrow()).startsWith("__Host-session=v2.")
        .contains("; Path=/", "; Secure").doesNotContain("Domain");
    assertThat(created.header("Strict-Transport-Security")).contains("max-age=31536000; includeSubDomains");
    assertThat(browser.get("/api/v1/sessions").status()).as("the cookie works under its name").isEqualTo(200);
    assertThat(harness.client().get("/health/live").header("Strict-Transport-Security")).isPresent();
  }
}
