package io.chatrelay.edge.auth;

import io.chatrelay.edge.api.Problem;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests a page of another site could make a browser send (cross-site request forgery).
 * The edge's own origin is configured ({@code PUBLIC_ORIGIN}, in dev derived from the listen address), never read
 * from the {@code Host} header: a page of {@code evil.example} whose name was rebound to this edge's address sends
 * {@code Host: evil.example} and {@code Origin: http://evil.example}, which agree with each other and prove nothing.
 *
 * <p>When a request carries the session cookie, the browser must show it came from our own pages: an allowed
 * {@code Origin}, or, where a browser leaves {@code Origin} out, {@code Sec-Fetch-Site: same-origin}. A request
 * without the cookie (curl, a service behind the auth proxy, a first session creation) needs neither: there is no
 * one's sign-in for it to ride on. An {@code Origin} that is sent must always be allowed.
 */
public final class OriginCheck {

  private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");

  private final Set<String> allowed;

  /**
   * @param ownOrigins the edge's own origins (where its pages are served)
   * @param allowedOrigins other sites whose pages may change data ({@code ALLOWED_ORIGINS})
   */
  public OriginCheck(List<String> ownOrigins, List<String> allowedOrigins) {
    Set<String> all = new HashSet<>();
    ownOrigins.forEach(o -> all.add(normalise(o)));
    allowedOrigins.forEach(o -> all.add(normalise(o)));
    this.allowed = Set.copyOf(all);
  }

  /** True when {@code origin} is one of ours or allowed; an absent origin is not. */
  public boolean allows(String origin) {
    return origin != null && allowed.contains(normalise(origin));
  }

  /** Whether the state-changing request {@code exchange} may go ahead, by its {@code Origin}, {@code Sec-Fetch-Site}. */
  public boolean allowsStateChange(HttpServerExchange exchange, boolean cookieSent) {
    return allowsStateChange(origin(exchange), exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE), cookieSent);
  }

  /** @throws Problem 403 unless {@link #allowsStateChange(HttpServerExchange, boolean)} */
  public void verifyStateChange(HttpServerExchange exchange, boolean cookieSent) {
    verifyStateChange(origin(exchange), exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE), cookieSent);
  }

  /**
   * Whether a request that changes data may go ahead.
   *
   * @param origin the {@code Origin} header, or null
   * @param fetchSite the {@code Sec-Fetch-Site} header, or null
   * @param cookieSent whether the request carries the session cookie
   */
  public boolean allowsStateChange(String origin, String fetchSite, boolean cookieSent) {
    if (origin != null) {
      return allows(origin);
    }
    return !cookieSent || "same-origin".equalsIgnoreCase(fetchSite);
  }

  /** @throws Problem 403 {@code origin-not-allowed} or {@code origin-required} unless {@link #allowsStateChange} */
  public void verifyStateChange(String origin, String fetchSite, boolean cookieSent) {
    if (allowsStateChange(origin, fetchSite, cookieSent)) {
      return;
    }
    if (origin != null) {
      throw notAllowed();
    }
    throw Problem.forbidden("origin-required", "Origin required",
        "A request that changes data with a session cookie must come from this site's own pages (send Origin).");
  }

  /** A WebSocket handshake: browsers always send {@code Origin} with one, so it is required. */
  public void verifyHandshake(String origin) {
    if (origin == null) {
      throw Problem.forbidden("origin-required", "Origin required",
          "A live connection is only accepted from this site's own pages.");
    }
    if (!allows(origin)) {
      throw notAllowed();
    }
  }

  private static Problem notAllowed() {
    return Problem.forbidden("origin-not-allowed", "Origin not allowed",
        "Requests that change data are only accepted from this site's own pages.");
  }

  private static String origin(HttpServerExchange exchange) {
    return exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
  }

  /** An origin as compared: lower case, without a trailing slash. */
  public static String normalise(String origin) {
    String s = origin.trim().toLowerCase(Locale.ROOT);
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
