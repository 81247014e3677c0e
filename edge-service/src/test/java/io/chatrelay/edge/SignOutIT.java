package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.Handshake;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing out ends that browser's sign-in on every edge instance: its sockets close wherever they are, and its
 * cookie, even a copy of it, is refused everywhere, by instances started later too. The same user's other
 * sign-ins, and other users, carry on.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignOutIT {

  /** The instances learn of a sign-out elsewhere within a second; this is the bound for that, with room. */
  private static final Duration ELSEWHERE = Duration.ofSeconds(10);

  private RelayInfra infra;
  private EdgeHarness first;
  private EdgeService second;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.first = EdgeHarness.start(infra);
    this.second = first.anotherEdge(infra);
  }

  @AfterAll
  void stop() throws Exception {
    second.close();
    first.close();
  }

  @Test
  void shouldEndThatSignInEverywhereAndNoOther() throws Exception {
    String alice = infra.uniqueName("alice");
    ApiClient laptop = first.client();
    String laptopSession = laptop.createSession(alice);
    // At once: two sign-ins in the same second share a cookie expiry, but each has its own id.
    ApiClient phone = first.client();
    String phoneSession = phone.createSession(alice);
    ApiClient bob = first.client();
    String bobSession = bob.createSession(infra.uniqueName("bob"));
    String laptopCookie = laptop.cookie();

    try (LiveSocket laptopHere = LiveSocket.open(first.baseUri(), laptopSession, laptopCookie);
        LiveSocket laptopThere = LiveSocket.open(second.baseUri(), laptopSession, laptopCookie);
        LiveSocket phoneThere = LiveSocket.open(second.baseUri(), phoneSession, phone.cookie());
        LiveSocket bobThere = LiveSocket.open(second.baseUri(), bobSession, bob.cookie())) {
      ApiClient.Response out = laptop.send(laptop.request("/sign-out")
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", LiveSocket.origin(first.baseUri()))
          .POST(HttpRequest.BodyPublishers.ofString("")));
      assertThat(out.status()).isEqualTo(303);
      assertThat(out.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));

      assertThat(laptopHere.awaitClosed()).isEqualTo(new JsonSocket.Closed(1000, "signed out"));
      await().atMost(ELSEWHERE).until(laptopThere::isClosed);
      assertThat(laptopThere.awaitClosed()).isEqualTo(new JsonSocket.Closed(1000, "signed out"));

      ApiClient copy = first.client().withCookie(laptopCookie);
      assertThat(copy.get("/api/v1/sessions").status()).as("a copied cookie, here").isEqualTo(401);
      ApiClient copyThere = new ApiClient(second.baseUri()).withCookie(laptopCookie);
      await().atMost(ELSEWHERE).until(() -> copyThere.get("/api/v1/sessions").status() == 401);
      Handshake<LiveSocket> again = LiveSocket.attempt(LiveSocket.uri(second.baseUri(), laptopSession),
          LiveSocket.headers(laptopCookie, LiveSocket.origin(second.baseUri())));
      assertThat(again.refusedStatus()).as("no new socket with it").isEqualTo(401);

      phoneThere.sendMessage("phone-1", "Still here?");
      LiveSocket.ack(phoneThere.next(), "phone-1");
      assertThat(phone.get("/api/v1/sessions/" + phoneSession).status()).isEqualTo(200);
      bobThere.sendMessage("bob-1", "And me?");
      LiveSocket.ack(bobThere.next(), "bob-1");
    }

    try (EdgeService later = first.anotherEdge(infra)) {
      assertThat(new ApiClient(later.baseUri()).withCookie(laptopCookie).get("/api/v1/sessions").status())
          .as("an instance started after the sign-out").isEqualTo(401);
      assertThat(new ApiClient(later.baseUri()).withCookie(phone.cookie()).get("/api/v1/sessions").status())
          .isEqualTo(200);
    }
  }
}
