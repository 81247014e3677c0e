package io.chatrelay.edge.internal;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;

/**
 * The address a request comes from, the key of every per-address limit. Today that is the TCP peer; every per-address
 * limit asks here, so that taking the client's own address from a trusted proxy's {@code X-Forwarded-For} is a change
 * to this one class.
 */
public final class ClientAddress {

  /** Where the peer cannot be told (a closed connection): such requests share one allowance. */
  static final String UNKNOWN = "unknown";

  private ClientAddress() {}

  /** The client's IP address as text, such as {@code 127.0.0.1} or {@code 2001:db8::1}. */
  public static String of(HttpServerExchange exchange) {
    InetSocketAddress peer = exchange.getSourceAddress();
    if (peer == null || peer.getAddress() == null) {
      return UNKNOWN;
    }
    return peer.getAddress().getHostAddress();
  }
}
