package io.chatrelay.edge.auth;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.views.WrittenPositions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.HeaderValues;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling. In order: the auth proxy's header (only when {@code AUTH_PROXY_HEADER} is configured, and only
 * from the proxy, see {@link AuthProxy}), then the signed session cookie; otherwise the caller is anonymous, which
 * only session creation accepts.
 */
public final class Identity {

  private static final Logger LOG = LoggerFactory.getLogger(Identity.class);
  private static final String COOKIE_REFUSED =
      "The session cookie is invalid or expired; create a session to sign in again.";

  private final boolean devMode;
  private final Optional<AuthProxy> proxy;
  private final SessionCookies cookies;
  private final Revocations revocations;

  /** Which sign-ins are over before their cookies expire. */
  @FunctionalInterface
  public interface Revocations {

    /**
     * @param signInId the sign-in's id, from its cookie
     * @param issuedAtMillis when it began
     * @return true when its cookie must be refused from now on, even where a copy of it survives
     */
    boolean revoked(String signInId, long issuedAtMillis);
  }

  public Identity(boolean devMode, Optional<AuthProxy> proxy, SessionCookies cookies, Revocations revocations) {
    this.devMode = devMode;
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    this.cookies = Objects.requireNonNull(cookies, "cookies");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
  }

  /** Where the caller's identity came from. */
  public enum Source { PROXY, COOKIE, ANONYMOUS }

  /**
   * The caller; {@code userId} is null exactly when anonymous. A caller signed in by cookie also has its sign-in
   * (id, start, expiry and the log positions of its latest writes); others have none.
   */
  public record Caller(String userId, Source source, Optional<SessionCookies.SignIn> signIn) {

    public static final Caller ANONYMOUS = new Caller(null, Source.ANONYMOUS);

    public Caller(String userId, Source source) {
      this(userId, source, Optional.empty());
    }

    public boolean anonymous() {
      return source == Source.ANONYMOUS;
    }

    /** The cookie's expiry (epoch seconds), 0 without one. */
    public long cookieExpiresAt() {
      return signIn.map(SessionCookies.SignIn::expiresAt).orElse(0L);
    }

    public WrittenPositions written() {
      return signIn.map(SessionCookies.SignIn::written).orElse(WrittenPositions.NONE);
    }
  }

  /** Who a new session belongs to, and whether the response signs the caller in with a fresh cookie. */
  public record SignIn(String userId, boolean setCookie) {}

  /** The caller of {@code exchange}, by its session cookie, headers and TCP peer. */
  public Caller resolve(HttpServerExchange exchange) {
    return resolve(cookie(exchange), headers(exchange), peer(exchange));
  }

  /** The {@code Set-Cookie} header value that makes a browser forget its session cookie. */
  public String clearCookieHeader() {
    return cookies.clearHeader();
  }

  /** The session cookie's value as sent (possibly empty), if sent. */
  public Optional<String> cookie(HttpServerExchange exchange) {
    Cookie cookie = exchange.getRequestCookie(cookies.name());
    return cookie == null ? Optional.empty() : Optional.ofNullable(cookie.getValue());
  }

  /**
   * @param cookie the {@code session} cookie's value, if sent
   * @param headers every value of a request header by name (empty when absent)
   * @param peer the TCP peer's address (not a forwarded one: only the proxy itself may vouch for a user)
   * @throws Problem 401 when a presented identity is not valid: a bad cookie is never treated as "anonymous"
   */
  public Caller resolve(Optional<String> cookie, Function<String, List<String>> headers, InetAddress peer) {
    if (proxy.isPresent()) {
      Optional<String> fromProxy = proxy.get().userId(headers, peer);
      if (fromProxy.isPresent()) {
        return new Caller(fromProxy.get(), Source.PROXY);
      }
    }
    if (cookie.isEmpty()) {
      return Caller.ANONYMOUS;
    }
    SessionCookies.Verified verified = cookies.verify(cookie.get());
    if (verified.signIn().isEmpty()) {
      LOG.debug("session cookie refused: {}", verified.rejection().orElseThrow());
      throw Problem.unauthorized(COOKIE_REFUSED);
    }
    SessionCookies.SignIn signIn = verified.signIn().get();
    if (revocations.revoked(signIn.signInId(), signIn.issuedAtMillis())) {
      LOG.debug("session cookie of a revoked sign-in refused userId={}", signIn.userId());
      throw Problem.unauthorized(COOKIE_REFUSED);
    }
    return new Caller(signIn.userId(), Source.COOKIE, verified.signIn());
  }

  /**
   * Decides who owns a session being created.
   *
   * <ul>
   *   <li>A signed-in caller keeps its identity; asking for another user id in the body is refused (403).</li>
   *   <li>An anonymous caller in dev mode is signed in as the body's {@code userId}, or as a new guest.</li>
   *   <li>An anonymous caller in production is signed in as a new guest. A body {@code userId} is refused with 403
   *       rather than ignored: ignoring it would let the client believe it is now that user.</li>
   * </ul>
   */
  public SignIn forNewSession(Caller caller, Optional<String> requestedUserId) {
    if (!caller.anonymous()) {
      if (requestedUserId.isPresent() && !requestedUserId.get().equals(caller.userId())) {
        throw Problem.forbidden("identity-mismatch", "Identity mismatch",
            "The userId in the body is not the signed-in user.");
      }
      return new SignIn(caller.userId(), false);
    }
    if (requestedUserId.isPresent() && !devMode) {
      throw Problem.forbidden("identity-not-selectable", "Identity cannot be chosen",
          "Clients cannot choose their user id; omit userId to chat as a guest.");
    }
    return new SignIn(requestedUserId.orElseGet(Identity::newGuestId), true);
  }

  /** Every value of a header of {@code exchange}, by name. */
  public static Function<String, List<String>> headers(HttpServerExchange exchange) {
    return name -> {
      HeaderValues values = exchange.getRequestHeaders().get(name);
      return values == null ? List.of() : List.copyOf(values);
    };
  }

  /** The TCP peer, never an address a client or proxy claims in a header. */
  public static InetAddress peer(HttpServerExchange exchange) {
    InetSocketAddress address = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
    return address == null ? null : address.getAddress();
  }

  static String newGuestId() {
    return "guest-" + UUID.randomUUID();
  }
}
