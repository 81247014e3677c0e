package io.chatrelay.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.RequestRules;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IdentityTest {

  private final SessionCookies cookies = new SessionCookies("identity-test-secret-0123456789abcdef",
      "DEV", Duration.ofHours(1), false, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
  /** Sign-in ids signed out. */
  private final Set<String> signedOut = new HashSet<>();
  private final Identity dev = new Identity(true, Optional.empty(), cookies,
      (signInId, issuedAt) -> signedOut.contains(signInId));
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final Identity production = new Identity(false, Optional.of(new AuthProxy("X-Auth-User",
      TrustedProxies.parse("127.0.0.1, ::1"), "X-Auth-Proxy-Secret", Optional.empty())), cookies, (u, e) -> false);

  private static Function<String, List<String>> headers(Map<String, String> values) {
    return name -> values.containsKey(name) ? List.of(values.get(name)) : List.of();
  }

  @Test
  void shouldBeAnonymousWithoutCookie() {
    assertThat(dev.resolve(Optional.empty(), headers(Map.of()), LOOPBACK).anonymous()).isTrue();
  }

  @Test
  void shouldTrustAValidCookie() {
    Identity.Caller caller = dev.resolve(Optional.of(cookies.sign("alice")), headers(Map.of()), LOOPBACK);

    assertThat(caller.userId()).isEqualTo("alice");
    assertThat(caller.source()).isEqualTo(Identity.Source.COOKIE);
  }

  @Test
  void shouldRefuseATamperedCookieInsteadOfTreatingItAsAnonymous() {
    assertThatThrownBy(() -> dev.resolve(Optional.of(cookies.sign("alice") + "x"), headers(Map.of()), LOOPBACK))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
  }

  @Test
  void shouldRefuseTheCookieOfASignInThatWasSignedOutAndNoOther() {
    String before = cookies.sign("alice");
    // A second sign-in of the same user in the same second: the same expiry, but its own id.
    String sameSecond = cookies.sign("alice");
    String signInId = dev.resolve(Optional.of(before), headers(Map.of()), LOOPBACK).signIn().orElseThrow().signInId();

    signedOut.add(signInId);

    assertThatThrownBy(() -> dev.resolve(Optional.of(before), headers(Map.of()), LOOPBACK))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
    assertThat(dev.resolve(Optional.of(sameSecond), headers(Map.of()), LOOPBACK).userId())
        .as("another sign-in of alice, in the same second").isEqualTo("alice");
    assertThat(dev.resolve(Optional.of(cookies.sign("bob")), headers(Map.of()), LOOPBACK).userId()).isEqualTo("bob");
  }

  @Test
  void shouldTakeTheProxyHeaderOnlyWhenConfigured() {
    Map<String, String> proxied = Map.of("X-Auth-User", "bob");

    assertThat(production.resolve(Optional.empty(), headers(proxied), LOOPBACK).userId()).isEqualTo("bob");
    assertThat(dev.resolve(Optional.empty(), headers(proxied), LOOPBACK).anonymous()).isTrue();
    assertThatThrownBy(() -> production.resolve(Optional.empty(), headers(Map.of("X-Auth-User", "b o b")), LOOPBACK))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
  }

  @Test
  void shouldRefuseTheProxyHeaderFromAnUntrustedPeerOrRepeated() throws Exception {
    InetAddress outsider = InetAddress.getByName("203.0.113.9");
    Function<String, List<String>> repeated = name -> "X-Auth-User".equals(name) ? List.of("bob", "admin")
        : List.of();

    assertThatThrownBy(() -> production.resolve(Optional.empty(), headers(Map.of("X-Auth-User", "bob")), outsider))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
    assertThatThrownBy(() -> production.resolve(Optional.empty(), repeated, LOOPBACK))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
  }

  @Test
  void shouldSignInAnonymousDevCallerAsRequestedUserOrGuest() {
    assertThat(dev.forNewSession(Identity.Caller.ANONYMOUS, Optional.of("alice")))
        .isEqualTo(new Identity.SignIn("alice", true));
    Identity.SignIn guest = dev.forNewSession(Identity.Caller.ANONYMOUS, Optional.empty());
    assertThat(guest.userId()).startsWith("guest-");
    assertThat(RequestRules.isUserId(guest.userId())).isTrue();
    assertThat(guest.setCookie()).isTrue();
  }

  @Test
  void shouldNeverLetAProductionClientChooseItsIdentity() {
    assertThatThrownBy(() -> production.forNewSession(Identity.Caller.ANONYMOUS, Optional.of("alice")))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(403));
    assertThat(production.forNewSession(Identity.Caller.ANONYMOUS, Optional.empty()).userId()).startsWith("guest-");
  }

  @Test
  void shouldRefuseAnotherUserIdFromASignedInCaller() {
    Identity.Caller alice = new Identity.Caller("alice", Identity.Source.COOKIE);

    assertThat(dev.forNewSession(alice, Optional.of("alice"))).isEqualTo(new Identity.SignIn("alice", false));
    assertThat(dev.forNewSession(alice, Optional.empty())).isEqualTo(new Identity.SignIn("alice", false));
    assertThatThrownBy(() -> dev.forNewSession(alice, Optional.of("mallory")))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(403));
  }
}
