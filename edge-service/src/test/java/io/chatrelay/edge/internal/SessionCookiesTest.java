package io.chatrelay.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";

  private final SessionCookies cookies = cookiesAt(NOW, false);

  private static SessionCookies cookiesAt(Instant now, boolean secure) {
    return new SessionCookies(SECRET, Duration.ofHours(1), secure, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void shouldVerifyTheUserIdItSigned() {
    SessionCookies.Verified verified = cookies.verify(cookies.sign("alice@example.com"));

    assertThat(verified.userId()).contains("alice@example.com");
    assertThat(verified.rejection()).isEmpty();
  }

  @Test
  void shouldRejectCookieWhosePayloadWasChanged() {
    String[] parts = cookies.sign("alice").split("\\.");
    String forgedPayload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("mallory|" + NOW.plusSeconds(3600).getEpochSecond()).getBytes(StandardCharsets.UTF_8));

    SessionCookies.Verified verified = cookies.verify(parts[0] + "." + forgedPayload + "." + parts[2]);

    assertThat(verified.userId()).isEmpty();
    assertThat(verified.rejection()).contains(SessionCookies.Rejection.BAD_SIGNATURE);
  }

  @Test
  void shouldRejectCookieWithAlteredSignature() {
    String signed = cookies.sign("alice");
    char last = signed.charAt(signed.length() - 1);
    String tampered = signed.substring(0, signed.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(cookies.verify(tampered).rejection()).contains(SessionCookies.Rejection.BAD_SIGNATURE);
  }

  @Test
  void shouldRejectCookieSignedWithAnotherSecret() {
    SessionCookies other = new SessionCookies("another-secret-entirely-0123456789abcdef", Duration.ofHours(1), false,
        Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(cookies.verify(other.sign("alice")).userId()).isEmpty();
  }

  @Test
  void shouldRejectCookieOnceItsLifetimeHasPassed() {
    String signed = cookies.sign("alice");

    assertThat(cookiesAt(NOW.plus(Duration.ofMinutes(59)), false).verify(signed).userId()).contains("alice");
    assertThat(cookiesAt(NOW.plus(Duration.ofHours(1)), false).verify(signed).rejection())
        .contains(SessionCookies.Rejection.EXPIRED);
  }

  @Test
  void shouldRejectMalformedValues() {
    for (String junk : new String[] {"", "abc", "v1.abc", "v2.a.b", "v1.!!!.???", "v1..", "v1.a.b.c"}) {
      assertThat(cookies.verify(junk).userId()).as(junk).isEmpty();
    }
  }

  @Test
  void shouldSetAnHttpOnlyLaxCookieForTheWholeSite() {
    String header = cookies.setCookieHeader("alice");

    assertThat(header).startsWith("session=v1.")
        .contains("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Max-Age=3600")
        .doesNotContain("Secure");
    assertThat(cookiesAt(NOW, true).setCookieHeader("alice")).endsWith("; Secure");
  }
  @Test
  void shouldCarryWrittenPositionsUnderTheSignatureAndKeepTheExpiry() {
    long expiry = NOW.plus(Duration.ofMinutes(30)).getEpochSecond();
    WrittenPositions written = WrittenPositions.parse("1.10-4.99");

    String header = cookies.setCookieHeader("alice", expiry, written);
    String value = header.substring("session=".length(), header.indexOf(';'));
    SessionCookies.Verified verified = cookies.verify(value);

    assertThat(verified.userId()).contains("alice");
    assertThat(verified.written()).isEqualTo(written);
    assertThat(verified.expiresAt()).isEqualTo(expiry);
    assertThat(header).contains("Max-Age=1800", "HttpOnly", "SameSite=Lax", "Path=/");
  }

  @Test
  void shouldRejectPositionsChangedByTheClient() {
    String[] parts = cookies.sign("alice", NOW.plusSeconds(60).getEpochSecond(), WrittenPositions.parse("1.10"))
        .split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("alice|" + NOW.plusSeconds(60).getEpochSecond() + "|1.999999").getBytes(StandardCharsets.UTF_8));

    assertThat(cookies.verify(parts[0] + "." + forged + "." + parts[2]).rejection())
        .contains(SessionCookies.Rejection.BAD_SIGNATURE);
  }

  @Test
  void shouldAcceptACookieWithoutPositionsAsNoWrites() {
    SessionCookies.Verified verified = cookies.verify(cookies.sign("alice"));

    assertThat(verified.written()).isEqualTo(WrittenPositions.NONE);
    assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)).getEpochSecond());
  }
}
