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

  /** The outcome of checking a cookie: a user id, or why there is none. */
  public record Verified(Optional<String> userId, Optional<Rejection> rejection) {

    static Verified ok(String userId) {
      return new Verified(Optional.of(userId), Optional.empty());
    }

    static Verified rejected(Rejection why) {
      return new Verified(Optional.empty(), Optional.of(why));
    }
  }

  /** The signed value for {@code userId}, valid for the configured lifetime from now. */
  public String sign(String userId) {
    long expiry = clock.instant().plus(ttl).getEpochSecond();
    String payload = ENCODER.encodeToString((userId + "|" + expiry).getBytes(StandardCharsets.UTF_8));
    String signed = VERSION + "." + payload;
    return signed + "." + ENCODER.encodeToString(mac(signed));
  }

  /** The full {@code Set-Cookie} header value signing in {@code userId}. */
  public String setCookieHeader(String userId) {
    return NAME + "=" + sign(userId) + "; Path=/; Max-Age=" + ttl.toSeconds() + "; HttpOnly; SameSite=Lax"
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
    int bar = payload.lastIndexOf('|');
    if (bar <= 0) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    long expiry;
    try {
      expiry = Long.parseLong(payload.substring(bar + 1));
    } catch (NumberFormatException e) {
      return Verified.rejected(Rejection.MALFORMED);
    }
    if (!clock.instant().isBefore(Instant.ofEpochSecond(expiry))) {
      return Verified.rejected(Rejection.EXPIRED);
    }
    return Verified.ok(payload.substring(0, bar));
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
