package io.chatrelay.edge;

import io.chatrelay.edge.auth.AuthProxy;
import io.chatrelay.edge.auth.TrustedProxies;
import io.chatrelay.kit.EnvReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How people sign in to the edge and whom it believes: the session cookie, the auth proxy, the origins that may
 * change state. Checks that depend on {@code RELAY_MODE} are {@link EdgeConfig}'s.
 *
 * @param sessionSecret {@code SESSION_SECRET}: HMAC key of the session cookie
 * @param cookieSecure {@code COOKIE_SECURE}: the cookie is {@code __Host-session} with {@code Secure}, and
 *     responses carry {@code Strict-Transport-Security} (set it when served over HTTPS); required in production
 * @param allowInsecureCookie {@code ALLOW_INSECURE_COOKIE}: lets production run without {@code COOKIE_SECURE}, for
 *     testing over plain HTTP only
 * @param sessionTtl {@code SESSION_TTL_SECONDS}: how long a sign-in cookie stays valid
 * @param authProxyHeader {@code AUTH_PROXY_HEADER}: header a trusted auth proxy puts the user id in, or empty
 * @param trustedProxies {@code TRUSTED_PROXIES}: the peer addresses (IPs and CIDR ranges) of the proxies in front of
 *     the edge: the auth proxy header is accepted from them, and their {@code X-Forwarded-For} names the client
 * @param authProxySecret {@code AUTH_PROXY_SECRET}: a secret the proxy sends in {@code authProxySecretHeader} with
 *     every request, or empty
 * @param authProxySecretHeader {@code AUTH_PROXY_SECRET_HEADER}: the header the proxy sends its secret in
 * @param publicOrigin {@code PUBLIC_ORIGIN}: the edge's own origin as browsers see it (such as
 *     {@code https://chat.example.com}); required in production, in dev it defaults to the listen address and
 *     {@code localhost} on its port
 * @param allowedOrigins {@code ALLOWED_ORIGINS}: origins besides our own that may send POST/DELETE
 */
public record SignInSettings(
    String sessionSecret, boolean cookieSecure, boolean allowInsecureCookie, Duration sessionTtl,
    Optional<String> authProxyHeader, TrustedProxies trustedProxies, Optional<String> authProxySecret,
    String authProxySecretHeader, Optional<String> publicOrigin, List<String> allowedOrigins) {

  public static final String SESSION_SECRET_ENV = "SESSION_SECRET";
  /** Public on purpose: it only protects dev mode, and production refuses to start with it. */
  public static final String DEV_SESSION_SECRET = "chat-relay-dev-only-session-secret-do-not-use";
  public static final int MIN_PRODUCTION_SECRET_LENGTH = 32;
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(86_400);
  public static final String AUTH_PROXY_HEADER_ENV = "AUTH_PROXY_HEADER";
  public static final String AUTH_PROXY_SECRET_ENV = "AUTH_PROXY_SECRET";
  public static final String AUTH_PROXY_SECRET_HEADER_ENV = "AUTH_PROXY_SECRET_HEADER";
  public static final String DEFAULT_AUTH_PROXY_SECRET_HEADER = "X-Auth-Proxy-Secret";
  public static final int MIN_PROXY_SECRET_LENGTH = 32;
  public static final String PUBLIC_ORIGIN_ENV = "PUBLIC_ORIGIN";
  public static final String COOKIE_SECURE_ENV = "COOKIE_SECURE";
  public static final String ALLOW_INSECURE_COOKIE_ENV = "ALLOW_INSECURE_COOKIE";

  public SignInSettings {
    Objects.requireNonNull(sessionSecret, "sessionSecret");
    authProxyHeader = Objects.requireNonNull(authProxyHeader, "authProxyHeader");
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    authProxySecret = Objects.requireNonNull(authProxySecret, "authProxySecret");
    Objects.requireNonNull(authProxySecretHeader, "authProxySecretHeader");
    publicOrigin = Objects.requireNonNull(publicOrigin, "publicOrigin").map(IdentityRules::normaliseOrigin);
    allowedOrigins = List.copyOf(allowedOrigins);
    if (sessionTtl == null || sessionTtl.isNegative() || sessionTtl.isZero()) {
      throw EnvReader.invalid("SESSION_TTL_SECONDS", String.valueOf(sessionTtl), "must be positive");
    }
    authProxyHeader.ifPresent(name -> IdentityRules.requireHeaderName(AUTH_PROXY_HEADER_ENV, name));
    IdentityRules.requireHeaderName(AUTH_PROXY_SECRET_HEADER_ENV, authProxySecretHeader);
    IdentityRules.requireProxyTrust(authProxyHeader, trustedProxies, authProxySecret);
    allowedOrigins.forEach(origin -> IdentityRules.requireOrigin("ALLOWED_ORIGINS", origin));
    publicOrigin.ifPresent(origin -> IdentityRules.requireOrigin(PUBLIC_ORIGIN_ENV, origin));
  }

  public static SignInSettings fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new SignInSettings(
        r.string(SESSION_SECRET_ENV, DEV_SESSION_SECRET),
        r.bool(COOKIE_SECURE_ENV, false),
        r.bool(ALLOW_INSECURE_COOKIE_ENV, false),
        Duration.ofSeconds(r.integer("SESSION_TTL_SECONDS", (int) DEFAULT_SESSION_TTL.toSeconds(), 1,
            Integer.MAX_VALUE)),
        Optional.ofNullable(r.string(AUTH_PROXY_HEADER_ENV, null)),
        TrustedProxies.parse(r.string(TrustedProxies.ENV, "")),
        Optional.ofNullable(r.string(AUTH_PROXY_SECRET_ENV, null)),
        r.string(AUTH_PROXY_SECRET_HEADER_ENV, DEFAULT_AUTH_PROXY_SECRET_HEADER),
        Optional.ofNullable(r.string(PUBLIC_ORIGIN_ENV, null)),
        IdentityRules.parseOrigins(r.string("ALLOWED_ORIGINS", "")));
  }

  /** The auth proxy, when {@code AUTH_PROXY_HEADER} is set. */
  public Optional<AuthProxy> authProxy() {
    return authProxyHeader.map(header -> new AuthProxy(header, trustedProxies, authProxySecretHeader,
        authProxySecret));
  }

  @Override
  public String toString() {
    return "sessionSecret=****, cookieSecure=" + cookieSecure + (allowInsecureCookie ? " (insecure allowed)" : "")
        + ", sessionTtl=" + sessionTtl + ", authProxyHeader=" + authProxyHeader.orElse("-")
        + ", trustedProxies=" + trustedProxies + ", authProxySecret=" + (authProxySecret.isPresent() ? "****" : "-")
        + ", publicOrigin=" + publicOrigin.orElse("-") + ", allowedOrigins=" + allowedOrigins;
  }
}
