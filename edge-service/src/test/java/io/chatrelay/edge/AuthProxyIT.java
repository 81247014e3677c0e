package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The auth proxy's user header speaks for a user only when it comes from the proxy: from a trusted peer address
 * and/or with the proxy's shared secret. Anyone else sending it is refused, never signed in as that user.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthProxyIT {

  private static final String USER_HEADER = "X-Auth-User";
  private static final String SECRET_HEADER = "X-Proxy-Token";
  private static final String SECRET = "proxy-shared-secret-0123456789abcdefgh";

  private RelayInfra infra;
  /** Trusts loopback, and wants the secret too. */
  private EdgeHarness behindProxy;
  /** Trusts only an address range the tests never come from. */
  private EdgeHarness elsewhere;
  private int forgeriesRefused;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    behindProxy = EdgeHarness.start(infra, Map.of("AUTH_PROXY_HEADER", USER_HEADER,
        "TRUSTED_PROXIES", "127.0.0.0/8, ::1", "AUTH_PROXY_SECRET", SECRET, "AUTH_PROXY_SECRET_HEADER", SECRET_HEADER));
    elsewhere = EdgeHarness.start(infra, Map.of("AUTH_PROXY_HEADER", USER_HEADER,
        "TRUSTED_PROXIES", "192.0.2.0/24, 2001:db8::/32"));
  }

  @AfterAll
  void stop() throws Exception {
    EdgeHarness first = behindProxy;
    EdgeHarness second = elsewhere;
    try (first; second) {
      System.out.printf("FIGURE AuthProxyIT: %d forged or repeated proxy headers, %d refused with 401%n",
          forgeriesRefused, forgeriesRefused);
    }
  }

  @Test
  void shouldSignInTheUserTheProxyNamesWithItsSecretFromATrustedPeer() {
    ApiClient proxy = behindProxy.client();
    String user = infra.uniqueName("alice");

    ApiClient.Response created = proxy.send(proxy.request("/api/v1/sessions").header(USER_HEADER, user)
        .header(SECRET_HEADER, SECRET).POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(created.status()).isEqualTo(201);
    String sessionId = created.json().get("sessionId").asText();
    assertThat(proxy.send(proxy.request("/api/v1/sessions/" + sessionId).header(USER_HEADER, user)
        .header(SECRET_HEADER, SECRET).GET()).json().get("userId").asText()).isEqualTo(user);
  }

  @Test
  void shouldRefuseTheHeaderWithoutTheSecretOrWithAWrongOne() {
    ApiClient client = behindProxy.client();

    refused(client.send(client.request("/api/v1/sessions").header(USER_HEADER, "admin").GET()));
    refused(client.send(client.request("/api/v1/sessions").header(USER_HEADER, "admin")
        .header(SECRET_HEADER, SECRET.substring(1) + "x").GET()));
    refused(client.send(client.request("/api/v1/sessions").header(USER_HEADER, "admin")
        .header(SECRET_HEADER, SECRET).header(SECRET_HEADER, "another").GET()));
    refused(client.send(client.request("/api/v1/sessions").header(USER_HEADER, "admin")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))));
  }

  @Test
  void shouldRefuseARepeatedUserHeaderEvenFromTheProxy() {
    ApiClient proxy = behindProxy.client();

    refused(proxy.send(proxy.request("/api/v1/sessions").header(USER_HEADER, infra.uniqueName("bob"))
        .header(USER_HEADER, "admin").header(SECRET_HEADER, SECRET).GET()));
  }

  @Test
  void shouldRefuseTheHeaderFromAPeerThatIsNotATrustedProxy() {
    ApiClient client = elsewhere.client();

    refused(client.send(client.request("/api/v1/sessions").header(USER_HEADER, "admin").GET()));
    refused(client.send(client.request("/api/v1/sessions").header(USER_HEADER, "admin")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))));
    assertThat(client.post("/api/v1/sessions", "{}").status()).as("without the header: a guest as ever")
        .isEqualTo(201);
  }

  private void refused(ApiClient.Response response) {
    assertProblem(response, 401, "unauthenticated");
    assertThat(response.header("Set-Cookie")).as("never signed in as the named user").isEmpty();
    synchronized (this) {
      forgeriesRefused++;
    }
  }
}
