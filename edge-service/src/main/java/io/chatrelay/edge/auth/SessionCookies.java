package io.chatrelay.edge.auth;

import io.chatrelay.edge.views.WrittenPositions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the session cookie:
 * {@code v2.<base64url(userId|expiryEpochSeconds|signInId|issuedAtEpochMillis[|positions])>.<base64url(mac)>}, the
 * MAC being HMAC-SHA256 over everything before the last dot. The cookie carries the identity itself, so any edge
 * instance can verify it without a shared store. The sign-in id (128 random bits) names one sign-in: signing out
 * revokes it and no other, and a re-issued cookie keeps it.
 *
 * <p>The MAC key is derived from the secret and the mode ({@code HMAC(secret, "cookie-key|<mode>")}), so a cookie
 * minted by a dev edge never verifies in production, even where both were given the same secret. Cookies of the
 * first format ({@code v1}, without a sign-in id) are refused: their holders sign in again.
 *
 * <p>Over HTTPS ({@code COOKIE_SECURE=true}) the cookie is {@code __Host-session}: browsers then accept it only
 * with {@code Secure}, {@code Path=/} and no {@code Domain}, so a sibling subdomain cannot plant or overwrite it.
 * Over plain HTTP (dev) it is {@code session}, because browsers drop {@code __Host-} cookies without {@code Secure}.
 */
public final class SessionCookies {

  public static final String SECURE_NAME = "__Host-session";
  public static final String PLAIN_NAME = "session";
  private static final String VERSION = "v2";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final boolean secure;
  private final Clock clock;

  /** @param mode the edge's mode ({@code dev}, {@code production}); the key is bound to it */
  public SessionCookies(String secret, String mode, Duration ttl, boolean secure, Clock clock) {
    this.key = new SecretKeySpec(derive(secret, "cookie-key|" + Objects.requireNonNull(mode, "mode")), ALGORITHM);
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.secure = secure;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Why a presented cookie was refused; the client only ever sees "not signed in". */
  public enum Rejection { MALFORMED, BAD_SIGNATURE, EXPIRED }

  /** What a valid cookie says: whose sign-in it is, when it began and ends, and where its holder's writes are. */
  public record SignIn(String userId, long expiresAt, String signInId, long issuedAtMillis,
      WrittenPositions written) {}

  /** The outcome of checking a cookie: a sign-in, or why there is none. */
  public record Verified(Optional<SignIn> signIn, Optional<Rejection> rejection) {

    static Verified ok(SignIn signIn) {
      return new Verified(Optional.of(signIn), Optional.empty());
    }

    static Verified rejected(Rejection why) {
      return new Verified(Optional.empty(), Optional.of(why));
    }
  }

  /** The cookie's name: {@code __Host-session} when Secure, else {@code session}. */
  public String name() {
    return secure ? SECURE_NAME : PLAIN_NAME;
  }

  /** A new sign-in of {@code userId}, valid for the configured lifetime from now. */
  public SignIn newSignIn(String userId) {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    Instant now = clock.instant();
    return new SignIn(userId, now.plus(ttl).getEpochSecond(), ENCODER.encodeToString(id), now.toEpochMilli(),
        WrittenPositions.NONE);
  }

  /** The signed value of a new sign-in of {@code userId}. */
  public String sign(String userId) {
    return sign(newSignIn(userId));
  }

  /** The signed value of {@code signIn}; user ids cannot contain {@code |}, nor can base64url. */
  public String sign(SignIn signIn) {
    String text = signIn.userId() + "|" + signIn.expiresAt() + "|" + signIn.signInId() + "|" + signIn.issuedAtMillis()
        + (signIn.written().isEmpty() ? "" : "|" + signIn.written().text());
    String signed = VERSION + "." + ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    return signed + "." + ENCODER.encodeToString(mac(signed));
  }

  /** The full {@code Set-Cookie} header value of a new sign-in of {@code userId}. */
  public String setCookieHeader(String userId) {
    return header(sign(userId), ttl.toSeconds());
  }

  /**
   * The {@code Set-Cookie} header value that keeps a sign-in as it is (same user, id, start and expiry) and records
   * {@code written} in it, so the caller's next read waits for those writes to reach the views.
   */
  public String reissueHeader(SignIn signIn, WrittenPositions written) {
    long maxAge = Math.max(0, signIn.expiresAt() - clock.instant().getEpochSecond());
    return header(sign(new SignIn(signIn.userId(), signIn.expiresAt(), signIn.signInId(), signIn.issuedAtMillis(),
        written)), maxAge);
  }

  /** The {@code Set-Cookie} header value that makes a browser forget the cookie. */
  public String clearHeader() {
    return header("", 0);
  }

  private String header(String value, long maxAgeSeconds) {
    // No Domain attribute, ever: the __Host- prefix requires its absence, and host-only is what we want anyway.
    return name() + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  public Verified verify(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    byte[] payload;
    try {
      payload = DECODER.decode(parts[1]);
    } catch (IllegalArgumentException e) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    // The signature as we write it, character for character: base64 decoding ignores the spare bits of the last
    // character, so comparing decoded bytes would accept several spellings of one signature. Constant time: a
    // timing difference must not reveal how much of a forged signature was right.
    byte[] expected = ENCODER.encode(mac(parts[0] + "." + parts[1]));
    if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return Verified.rejected(Rejection.BAD_SIGNATURE);
    }
    return readPayload(new String(payload, StandardCharsets.UTF_8));
  }

  private Verified readPayload(String payload) {
    String[] fields = payload.split("\\|", -1);
    if (fields.length < 4 || fields.length > 5 || fields[0].isEmpty() || fields[2].isEmpty()) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    long expiry;
    long issuedAt;
    try {
      expiry = Long.parseLong(fields[1]);
      issuedAt = Long.parseLong(fields[3]);
    } catch (NumberFormatException e) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    if (!clock.instant().isBefore(Instant.ofEpochSecond(expiry))) {
      return Verified.rejected(Rejection.EXPIRED);
    }
    return Verified.ok(new SignIn(fields[0], expiry, fields[2], issuedAt,
        fields.length == 5 ? WrittenPositions.parse(fields[4]) : WrittenPositions.NONE));
  }

  private byte[] mac(String data) {
    return hmac(key, data);
  }

  private static byte[] derive(String secret, String purpose) {
    return hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), purpose);
  }

  private static byte[] hmac(SecretKeySpec key, String data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
