package io.chatrelay.edge.page.internal;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.security.SecureRandom;
import java.util.Base64;

/** The headers every page and static file carries; pages also get a Content-Security-Policy with a fresh nonce. */
public final class SecurityHeaders {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getEncoder();

  private SecurityHeaders() {}

  /** A new script nonce: 128 random bits, never reused across responses. */
  public static String newNonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Scripts only from this origin or carrying this response's nonce: an injected {@code <script>} or event handler
   * attribute cannot run even if some text ever reached the page as markup. {@code connect-src 'self'} also
   * covers the page's own WebSocket ({@code ws:}/{@code wss:} on the same host, per CSP Level 3).
   */
  public static String contentSecurityPolicy(String nonce) {
    return "default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; style-src 'self'; img-src 'self';"
        + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
        + " frame-ancestors 'none'";
  }

  public static void forPage(HeaderMap headers, String nonce) {
    common(headers);
    headers.put(new HttpString("Content-Security-Policy"), contentSecurityPolicy(nonce));
    // Pages show a person's conversations: never keep them in shared or back-forward caches.
    headers.put(new HttpString("Cache-Control"), "no-store");
  }

  public static void common(HeaderMap headers) {
    headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
    headers.put(new HttpString("Referrer-Policy"), "same-origin");
    headers.put(new HttpString("X-Frame-Options"), "DENY");
    headers.put(new HttpString("Cross-Origin-Opener-Policy"), "same-origin");
  }
}
