package io.chatrelay.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.views.WrittenPositions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";

  private final SessionCookies cookies = cookiesAt(NOW, false);

  private static SessionCookies cookiesAt(Instant now, boolean secure) {
    return new SessionCookies(SECRET, "DEV", Duration.ofHours(1), secure, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static String userOf(SessionCookies.Verified verified) {
    return verified.signIn().map(SessionCookies.SignIn::userId).orElse(null);
  }

  @Test
  void shouldVerifyTheUserIdItSigned() {
    SessionCookies.Verified verified = cookies.verify(cookies.sign("alice@example.com"));

    assertThat(userOf(verified)).isEqualTo("alice@example.com");
    assertThat(verified.rejection()).isEmpty();
    assertThat(verified.signIn().orElseThrow().issuedAtMillis()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void shouldGiveEverySignInItsOwnRandomId() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(cookies.verify(cookies.sign("alice")).signIn().orElseThrow().signInId());
    }

    // Same user, same second, same expiry: still 1,000 sign-ins, each revocable alone.
    assertThat(ids).hasSize(1000).allSatisfy(id -> assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16));
  }

  @Test
  void shouldRejectCookieWhosePayloadWasChanged() {
    String[] parts = cookies.sign("alice").split("\\.");
    String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(("mallory|"
        + NOW.plusSeconds(3600).getEpochSecond() + "|abc|" + NOW.toEpochMilli()).getBytes(StandardCharsets.UTF_8));

    SessionCookies.Verified verified = cookies.verify(parts[0] + "." + forgedPayload + "." + parts[2]);

    assertThat(verified.signIn()).isEmpty();
    assertThat(verified.rejection()).contains(SessionCookies.Rejection.BAD_SIGNATURE);
  }

  @Test
  void shouldRejectCookieWithAlteredSignature() {
    String signed = cookies.sign("alice");
    char last = signed.charAt(signed.length() - 1);
    String tampered = signed.substring(0, signed.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(cookies.verify(tampered).rejection()).contains(SessionCookies.Rejection.BAD_SIGNATURE);
  }

  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void shouldRejectAnotherSpellingOfTheSameSignature() {
    String signed = cookies.sign("alice");
    char last = signed.charAt(signed.length() - 1);
    // A 32-byte MAC leaves 2 spare bits in its last base64 character, written as zeros: the next character of the
    // alphabet differs only in them and decodes to the same bytes.
    String respelled = signed.substring(0, signed.length() - 1) + (char) (last + 1);

    assertThat(BASE64URL.indexOf(last) % 4).as("spare bits of %s", last).isZero();
    assertThat(cookies.verify(respelled).rejection()).contains(SessionCookies.Rejection.BAD_SIGNATURE);
    assertThat(cookies.verify(signed).signIn()).isPresent();
  }

  @Test
  void shouldRejectCookieSignedWithAnotherSecret() {
    SessionCookies other = new SessionCookies("another-secret-entirely-0123456789abcdef", "DEV",
        Duration.ofHours(1), false, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(cookies.verify(other.sign("alice")).signIn()).isEmpty();
  }

  @Test
  void shouldNeverAcceptInProductionACookieMintedInDevWithTheSameSecret() {
    SessionCookies production = new SessionCookies(SECRET, "PRODUCTION", Duration.ofHours(1), true,
        Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(production.verify(cookies.sign("admin")).rejection())
        .contains(SessionCookies.Rejection.BAD_SIGNATURE);
    assertThat(userOf(production.verify(production.sign("admin")))).isEqualTo("admin");
  }

  @Test
  void shouldRejectCookieOnceItsLifetimeHasPassed() {
    String signed = cookies.sign("alice");

    assertThat(userOf(cookiesAt(NOW.plus(Duration.ofMinutes(59)), false).verify(signed))).isEqualTo("alice");
    assertThat(cookiesAt(NOW.plus(Duration.ofHours(1)), false).verify(signed).rejection())
        .contains(SessionCookies.Rejection.EXPIRED);
  }

  @Test
  void shouldRejectMalformedValuesAndTheFirstFormat() {
    String firstFormat = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("alice|" + NOW.plusSeconds(60).getEpochSecond()).getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    for (String junk : new String[] {"", "abc", "v1.abc", "v2.a.b", "v2.!!!.???", "v2..", "v2.a.b.c", firstFormat}) {
      assertThat(cookies.verify(junk).signIn()).as(junk).isEmpty();
    }
  }

  @Test
  void shouldSetAnHttpOnlyLaxCookieForTheWholeSiteNamedForItsTransport() {
    String header = cookies.setCookieHeader("alice");

    assertThat(header).startsWith("session=v2.")
        .contains("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Max-Age=3600")
        .doesNotContain("Secure").doesNotContain("Domain");
    assertThat(cookiesAt(NOW, true).setCookieHeader("alice")).startsWith("__Host-session=v2.")
        .contains("; Path=/").endsWith("; Secure").doesNotContain("Domain");
    assertThat(cookiesAt(NOW, true).clearHeader()).startsWith("__Host-session=;").contains("Max-Age=0", "Secure");
  }

  @Test
  void shouldKeepTheSignInWhenReissuedWithWrittenPositions() {
    SessionCookies later = cookiesAt(NOW.plus(Duration.ofMinutes(30)), false);
    SessionCookies.SignIn signIn = cookies.verify(cookies.sign("alice")).signIn().orElseThrow();
    WrittenPositions written = WrittenPositions.parse("1.10-4.99");

    String header = later.reissueHeader(signIn, written);
    String value = header.substring("session=".length(), header.indexOf(';'));
    SessionCookies.SignIn again = later.verify(value).signIn().orElseThrow();

    assertThat(again).isEqualTo(new SessionCookies.SignIn("alice", signIn.expiresAt(), signIn.signInId(),
        signIn.issuedAtMillis(), written));
    assertThat(header).contains("Max-Age=1800", "HttpOnly", "SameSite=Lax", "Path=/");
  }

  @Test
  void shouldRejectPositionsChangedByTheClient() {
    SessionCookies.SignIn signIn = cookies.newSignIn("alice");
    String[] parts = cookies.sign(new SessionCookies.SignIn("alice", signIn.expiresAt(), signIn.signInId(),
        signIn.issuedAtMillis(), WrittenPositions.parse("1.10"))).split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(("alice|" + signIn.expiresAt() + "|"
        + signIn.signInId() + "|" + signIn.issuedAtMillis() + "|1.999999").getBytes(StandardCharsets.UTF_8));

    assertThat(cookies.verify(parts[0] + "." + forged + "." + parts[2]).rejection())
        .contains(SessionCookies.Rejection.BAD_SIGNATURE);
  }

  @Test
  void shouldAcceptACookieWithoutPositionsAsNoWrites() {
    SessionCookies.SignIn signIn = cookies.verify(cookies.sign("alice")).signIn().orElseThrow();

    assertThat(signIn.written()).isEqualTo(WrittenPositions.NONE);
    assertThat(signIn.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)).getEpochSecond());
  }
}
