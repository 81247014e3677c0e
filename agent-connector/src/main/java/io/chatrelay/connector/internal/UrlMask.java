package io.chatrelay.connector.internal;

import java.net.URI;

/** Agent URLs as they may appear in logs, metrics and health details: without the parts credentials live in. */
public final class UrlMask {

  private UrlMask() {}

  /** The URL without user info and query string. */
  public static String masked(URI url) {
    if (url == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    if (url.getScheme() != null) {
      out.append(url.getScheme()).append("://");
    }
    if (url.getRawUserInfo() != null) {
      out.append("***@");
    }
    out.append(url.getHost() == null ? "" : url.getHost());
    if (url.getPort() >= 0) {
      out.append(':').append(url.getPort());
    }
    if (url.getRawPath() != null) {
      out.append(url.getRawPath());
    }
    if (url.getRawQuery() != null) {
      out.append("?***");
    }
    return out.toString();
  }

  public static String masked(String raw) {
    try {
      return masked(new URI(raw.trim()));
    } catch (java.net.URISyntaxException e) {
      return maskedRaw(raw);
    }
  }

  /** A value that is not even a URL: show only its length, it may be a secret pasted in the wrong place. */
  public static String maskedRaw(String raw) {
    return "<" + raw.length() + " characters>";
  }
}
