package io.chatrelay.edge.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the {@code session} cookie: {@code v1.<base64url(userId|expiryEpochSeconds)>.<base64url(mac)>},
 * the MAC being HMAC-SHA256 over everything before the last dot. The cookie carries the identity itself, so any edge
 * instance can verify it without a shared store.
 */
public final class SessionCookies {

  public static final String NAME = "session";
  private static final String VERSION = "v1";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final boolean secure;
  private final Clock clock;

  public SessionCookies(String secret, Duration ttl, boolean secure, Clock clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.secure = secure;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Why a presented cookie was refused; the client only ever sees "not signed in". */
  public enum Rejection { MALFORMED, BAD_SIGNATURE, EXPIRED }

  /**
   * The outcome of checking a cookie: a user id, or why there is none. A valid cookie also says when it expires and
   * where its holder's latest writes are in the log.
   */
  public record Verified(Optional<String> userId, Optional<Rejection> rejection, long expiresAt,
      WrittenPositions written) {

    static Verified ok(String userId, long expiresAt, WrittenPositions written) {
      return new Verified(Optional.of(userId), Optional.empty(), expiresAt, written);
    }

    static Verified rejected(Rejection why) {
      return new Verified(Optional.empty(), Optional.of(why), 0, WrittenPositions.NONE);
    }
  }

  /** The signed value for {@code userId}, valid for the configured lifetime from now. */
  public String sign(String userId) {
    return sign(userId, clock.instant().plus(ttl).getEpochSecond(), WrittenPositions.NONE);
  }

  /**
   * The signed value for {@code userId} with its expiry (epoch seconds) and written positions. Payload
   * {@code userId|expiry} or {@code userId|expiry|positions}; user ids cannot contain {@code |}.
   */
  String sign(String userId, long expiresAt, WrittenPositions written) {
    String text = userId + "|" + expiresAt + (written.isEmpty() ? "" : "|" + written.text());
    String signed = VERSION + "." + ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    return signed + "." + ENCODER.encodeToString(mac(signed));
  }

  /** The full {@code Set-Cookie} header value signing in {@code userId}. */
  public String setCookieHeader(String userId) {
    return header(sign(userId), ttl.toSeconds());
  }

  /**
   * The {@code Set-Cookie} header value that keeps a signed-in caller's cookie as it is (same user, same expiry)
   * and records {@code written} in it, so the caller's next read waits for those writes to reach the views.
   */
  public String setCookieHeader(String userId, long expiresAt, WrittenPositions written) {
    long maxAge = Math.max(0, expiresAt - clock.instant().getEpochSecond());
    return header(sign(userId, expiresAt, written), maxAge);
  }

  private String header(String value, long maxAgeSeconds) {
    return NAME + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  public Verified verify(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    byte[] presented;
    byte[] payload;
    try {
      presented = DECODER.decode(parts[2]);
      payload = DECODER.decode(parts[1]);
    } catch (IllegalArgumentException e) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    // Constant-time comparison: a timing difference must not reveal how much of a forged MAC was right.
    if (!MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), presented)) {
      return Verified.rejected(Rejection.BAD_SIGNATURE);
    }
    return readPayload(new String(payload, StandardCharsets.UTF_8));
  }

  private Verified readPayload(String payload) {
    String[] fields = payload.split("\\|", -1);
    if (fields.length < 2 || fields.length > 3 || fields[0].isEmpty()) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    long expiry;
    try {
      expiry = Long.parseLong(fields[1]);
    } catch (NumberFormatException e) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    if (!clock.instant().isBefore(Instant.ofEpochSecond(expiry))) {
      return Verified.rejected(Rejection.EXPIRED);
    }
    return Verified.ok(fields[0], expiry, fields.length == 3 ? WrittenPositions.parse(fields[2])
        : WrittenPositions.NONE);
  }

  private byte[] mac(String data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
