package io.chatrelay.edge.auth;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.RequestRules;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth proxy in front of the edge: the header it names the user in ({@code AUTH_PROXY_HEADER}), and how the
 * edge knows a request really came through it: its TCP peer is one of {@code TRUSTED_PROXIES}, and/or it carries
 * the proxy's shared secret ({@code AUTH_PROXY_SECRET}) in {@code AUTH_PROXY_SECRET_HEADER}; with both configured
 * both must hold.
 *
 * <p>A user header from anyone else is refused with 401 rather than ignored: ignoring it would hide a proxy that is
 * misconfigured (wrong address, missing secret) behind a confusing "not signed in".
 */
public final class AuthProxy {

  private static final Logger LOG = LoggerFactory.getLogger(AuthProxy.class);

  private final String userHeader;
  private final TrustedProxies proxies;
  private final String secretHeader;
  private final Optional<byte[]> secret;

  /**
   * @param secret the shared secret, if the proxy sends one; at least one of {@code proxies} and {@code secret}
   *     must be configured (the configuration checks that)
   */
  public AuthProxy(String userHeader, TrustedProxies proxies, String secretHeader, Optional<String> secret) {
    this.userHeader = Objects.requireNonNull(userHeader, "userHeader");
    this.proxies = Objects.requireNonNull(proxies, "proxies");
    this.secretHeader = Objects.requireNonNull(secretHeader, "secretHeader");
    this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
    if (proxies.isEmpty() && this.secret.isEmpty()) {
      throw new IllegalArgumentException("an auth proxy needs trusted addresses or a shared secret");
    }
  }

  /**
   * The user the proxy vouches for, or empty when the request carries no user header.
   *
   * @param headers every value of a request header, by name (empty when absent)
   * @param peer the TCP peer's address
   * @throws Problem 401 when the header is repeated, comes from elsewhere than the proxy, or is not a user id
   */
  public Optional<String> userId(Function<String, List<String>> headers, InetAddress peer) {
    List<String> values = headers.apply(userHeader);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      // Two values mean something between the client and us appended rather than replaced: trust neither.
      throw Problem.unauthorized("The authenticated user header must appear once.");
    }
    if (!fromProxy(headers, peer)) {
      LOG.warn("refused the {} header from peer {}: not a trusted proxy", userHeader,
          peer == null ? "-" : peer.getHostAddress());
      throw Problem.unauthorized("The authenticated user header is only accepted from the trusted auth proxy.");
    }
    String userId = values.get(0);
    if (!RequestRules.isUserId(userId)) {
      throw Problem.unauthorized("The authenticated user id is not well-formed.");
    }
    return Optional.of(userId);
  }

  private boolean fromProxy(Function<String, List<String>> headers, InetAddress peer) {
    if (!proxies.isEmpty() && !proxies.trusts(peer)) {
      return false;
    }
    if (secret.isEmpty()) {
      return true;
    }
    List<String> presented = headers.apply(secretHeader);
    // Constant time: how long the comparison takes must not tell how much of a guessed secret was right.
    return presented != null && presented.size() == 1
        && MessageDigest.isEqual(secret.get(), presented.get(0).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AuthProxy[header=" + userHeader + ", trustedProxies=" + proxies + ", secret="
        + (secret.isPresent() ? "**** in " + secretHeader : "-") + "]";
  }
}
