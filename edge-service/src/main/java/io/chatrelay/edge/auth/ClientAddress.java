package io.chatrelay.edge.auth;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The address a request comes from, the key of every per-address limit. It is the TCP peer, unless the peer is one
 * of {@code TRUSTED_PROXIES}: then the edge stands behind a load balancer or proxy, every request would share that
 * proxy's address, and the client's own is read from {@code X-Forwarded-For}. That header is read from the right,
 * the end the proxies append to, skipping the addresses of trusted proxies; the first one left is the client.
 * Anything a client wrote further left is never believed, and a peer outside {@code TRUSTED_PROXIES} is never asked.
 */
public final class ClientAddress {

  /** Where the peer cannot be told (a closed connection): such requests share one allowance. */
  static final String UNKNOWN = "unknown";
  private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");
  private static final AttachmentKey<String> RESOLVED = AttachmentKey.create(String.class);

  private ClientAddress() {}

  /** Works out each request's client address once, before {@code next} sees it. */
  public static HttpHandler resolving(TrustedProxies proxies, HttpHandler next) {
    Objects.requireNonNull(proxies, "proxies");
    Objects.requireNonNull(next, "next");
    return exchange -> {
      exchange.putAttachment(RESOLVED, resolve(proxies, Identity.peer(exchange),
          exchange.getRequestHeaders().get(X_FORWARDED_FOR)));
      next.handleRequest(exchange);
    };
  }

  /** The client's IP address as text, such as {@code 127.0.0.1} or {@code 2001:db8::1}. */
  public static String of(HttpServerExchange exchange) {
    String resolved = exchange.getAttachment(RESOLVED);
    return resolved != null ? resolved : resolve(TrustedProxies.NONE, Identity.peer(exchange), null);
  }

  /**
   * @param peer the TCP peer, or null when it cannot be told
   * @param forwardedFor the {@code X-Forwarded-For} header lines in the order received, or null without any
   */
  static String resolve(TrustedProxies proxies, InetAddress peer, List<String> forwardedFor) {
    if (peer == null) {
      return UNKNOWN;
    }
    InetAddress client = peer;
    if (proxies.trusts(peer) && forwardedFor != null) {
      List<String> hops = hops(forwardedFor);
      for (int i = hops.size() - 1; i >= 0 && proxies.trusts(client); i--) {
        Optional<InetAddress> hop = TrustedProxies.literal(withoutPort(hops.get(i)));
        if (hop.isEmpty()) {
          // Garbage where an address should be: the nearest address a trusted proxy vouched for stands.
          break;
        }
        client = hop.get();
      }
    }
    return client.getHostAddress();
  }

  private static List<String> hops(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String hop : line.split(",")) {
        hops.add(hop.trim());
      }
    }
    return hops;
  }

  /** {@code [2001:db8::1]:443} and {@code 203.0.113.7:5000}, as some proxies write them, without the port. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(1, close);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }
}
