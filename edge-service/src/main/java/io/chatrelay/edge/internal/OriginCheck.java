package io.chatrelay.edge.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses state-changing requests sent by pages of other sites (cross-site request forgery): a browser always sends
 * {@code Origin} on a cross-origin POST or DELETE, and the cookie is not enough proof of intent. Requests without
 * {@code Origin} come from non-browser clients (curl, other services), which cannot ride on a victim's cookie.
 */
public final class OriginCheck {

  private final Set<String> allowed;

  public OriginCheck(List<String> allowedOrigins) {
    this.allowed = allowedOrigins.stream().map(OriginCheck::normalise).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * @param origin the {@code Origin} header, or null
   * @param scheme the scheme this request arrived with ({@code http}/{@code https})
   * @param host the {@code Host} header, or null
   */
  public boolean allows(String origin, String scheme, String host) {
    if (origin == null) {
      return true;
    }
    String presented = normalise(origin);
    if (host != null && presented.equals(normalise(scheme + "://" + host))) {
      return true;
    }
    return allowed.contains(presented);
  }

  public void verify(String origin, String scheme, String host) {
    if (!allows(origin, scheme, host)) {
      throw Problem.forbidden("origin-not-allowed", "Origin not allowed",
          "Requests that change data are only accepted from this site's own pages.");
    }
  }

  private static String normalise(String origin) {
    String s = origin.trim().toLowerCase(Locale.ROOT);
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
