package io.chatrelay.views.redis;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks and masks Redis URLs ({@code redis://[user:password@]host:port[/db]}). */
public final class RedisUrls {

  private RedisUrls() {}

  /** Null when the URL is usable, otherwise why not. */
  public static String problem(String url) {
    try {
      URI uri = new URI(url);
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
        return "scheme must be redis or rediss";
      }
      if (uri.getHost() == null) {
        return "must name a host";
      }
      return null;
    } catch (URISyntaxException e) {
      return "not a URL: " + e.getReason();
    }
  }

  /** The URL with any password replaced, so it can be logged. */
  public static String mask(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
    return url.substring(0, scheme + 3) + masked + url.substring(at);
  }
}
