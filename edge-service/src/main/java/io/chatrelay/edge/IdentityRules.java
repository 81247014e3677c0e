package io.chatrelay.edge;

import static io.chatrelay.edge.EdgeConfig.MODE_ENV;
import static io.chatrelay.edge.SignInSettings.ALLOW_INSECURE_COOKIE_ENV;
import static io.chatrelay.edge.SignInSettings.AUTH_PROXY_HEADER_ENV;
import static io.chatrelay.edge.SignInSettings.AUTH_PROXY_SECRET_ENV;
import static io.chatrelay.edge.SignInSettings.AUTH_PROXY_SECRET_HEADER_ENV;
import static io.chatrelay.edge.SignInSettings.COOKIE_SECURE_ENV;
import static io.chatrelay.edge.SignInSettings.DEV_SESSION_SECRET;
import static io.chatrelay.edge.SignInSettings.MIN_PRODUCTION_SECRET_LENGTH;
import static io.chatrelay.edge.SignInSettings.MIN_PROXY_SECRET_LENGTH;
import static io.chatrelay.edge.SignInSettings.PUBLIC_ORIGIN_ENV;
import static io.chatrelay.edge.SignInSettings.SESSION_SECRET_ENV;

import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.auth.TrustedProxies;
import io.chatrelay.kit.EnvReader;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The checks {@link EdgeConfig} makes of who may sign in, how and from where; each message names the variable. */
final class IdentityRules {

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private IdentityRules() {}

  static void requireProductionTransport(EdgeConfig.Mode mode, boolean cookieSecure, boolean allowInsecureCookie,
      Optional<String> publicOrigin) {
    if (mode != EdgeConfig.Mode.PRODUCTION) {
      return;
    }
    if (!cookieSecure && !allowInsecureCookie) {
      // Without Secure the sign-in cookie travels in clear text over any plain-HTTP request a browser makes.
      throw new IllegalArgumentException(MODE_ENV + "=production needs " + COOKIE_SECURE_ENV
          + "=true (serve it over HTTPS); to test over plain HTTP set " + ALLOW_INSECURE_COOKIE_ENV
          + "=true; refusing to start");
    }
    if (publicOrigin.isEmpty()) {
      // The Host header cannot say which site we are (DNS rebinding), so production must be told.
      throw new IllegalArgumentException(MODE_ENV + "=production needs " + PUBLIC_ORIGIN_ENV
          + " (the address browsers use, such as https://chat.example.com); refusing to start");
    }
  }

  static void requireSecret(EdgeConfig.Mode mode, String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(SESSION_SECRET_ENV + " must not be empty");
    }
    if (mode == EdgeConfig.Mode.PRODUCTION
        && (secret.equals(DEV_SESSION_SECRET) || secret.length() < MIN_PRODUCTION_SECRET_LENGTH)) {
      // The dev secret is in the source code: anyone could forge a sign-in cookie with it.
      throw new IllegalArgumentException(MODE_ENV + "=production needs " + SESSION_SECRET_ENV
          + " set to a private random value of at least " + MIN_PRODUCTION_SECRET_LENGTH
          + " characters (it is unset, too short or the public dev secret); refusing to start");
    }
  }

  static List<String> parseOrigins(String raw) {
    return Arrays.stream(raw.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(IdentityRules::normaliseOrigin)
        .toList();
  }

  static String normaliseOrigin(String raw) {
    return OriginCheck.normalise(raw);
  }

  static void requireOrigin(String variable, String origin) {
    if (!ORIGIN.matcher(origin).matches()) {
      throw EnvReader.invalid(variable, origin, "must be scheme://host[:port]");
    }
  }

  static void requireHeaderName(String variable, String name) {
    if (!HEADER_NAME.matcher(name).matches()) {
      throw EnvReader.invalid(variable, name, "must be an HTTP header name");
    }
  }

  static void requireProxyTrust(Optional<String> header, TrustedProxies proxies, Optional<String> secret) {
    if (secret.isPresent() && secret.get().length() < MIN_PROXY_SECRET_LENGTH) {
      throw new IllegalArgumentException(AUTH_PROXY_SECRET_ENV + " must be a private random value of at least "
          + MIN_PROXY_SECRET_LENGTH + " characters");
    }
    if (header.isPresent() && proxies.isEmpty() && secret.isEmpty()) {
      // Without either, any client could name itself any user by sending the header.
      throw new IllegalArgumentException(AUTH_PROXY_HEADER_ENV + " is set, but nothing says which requests come "
          + "from the proxy: set " + TrustedProxies.ENV + " (the proxy's addresses) and/or " + AUTH_PROXY_SECRET_ENV
          + " (a secret the proxy sends in " + AUTH_PROXY_SECRET_HEADER_ENV + "); refusing to start");
    }
  }
}
