package io.chatrelay.edge.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The addresses of the proxies in front of the edge ({@code TRUSTED_PROXIES}: comma-separated IPv4/IPv6 addresses
 * and CIDR ranges, such as {@code 10.0.0.0/8, ::1}). Only a request whose TCP peer is one of them may speak for a
 * user in the auth proxy header; a client further out could otherwise just send that header itself.
 */
public final class TrustedProxies {

  public static final String ENV = "TRUSTED_PROXIES";
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");
  /** Literals only: a host name here would mean a DNS lookup at start-up and trust in whatever it answers. */
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  private record Range(byte[] network, int prefixBits) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefixBits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> ranges;
  private final String text;

  private TrustedProxies(List<Range> ranges, String text) {
    this.ranges = List.copyOf(ranges);
    this.text = text;
  }

  /** @throws IllegalArgumentException naming {@code TRUSTED_PROXIES} and the bad entry */
  public static TrustedProxies parse(String raw) {
    List<String> entries = Arrays.stream(Objects.requireNonNull(raw, "raw").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new TrustedProxies(entries.stream().map(TrustedProxies::range).toList(), String.join(",", entries));
  }

  /** True when {@code peer} is one of the configured proxies. */
  public boolean trusts(InetAddress peer) {
    if (peer == null) {
      return false;
    }
    byte[] address = peer.getAddress();
    return ranges.stream().anyMatch(range -> range.contains(address));
  }

  /**
   * An IP address written as a literal ({@code 203.0.113.7}, {@code 2001:db8::1}), never looked up in DNS; empty for
   * anything else.
   */
  static Optional<InetAddress> literal(String text) {
    if (!isLiteral(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isLiteral(String host) {
    boolean ipv4 = host.indexOf(':') < 0;
    return LITERAL.matcher(host).matches() && (!ipv4 || host.chars().filter(c -> c == '.').count() == 3);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "-" : text;
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    String host = slash < 0 ? entry : entry.substring(0, slash);
    byte[] network = address(entry, host);
    int bits = network.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw invalid(entry);
      }
      if (bits < 0 || bits > network.length * 8) {
        throw invalid(entry);
      }
    }
    return new Range(network, bits);
  }

  private static byte[] address(String entry, String host) {
    return literal(host).orElseThrow(() -> invalid(entry)).getAddress();
  }

  private static IllegalArgumentException invalid(String entry) {
    return new IllegalArgumentException(ENV + "='" + entry + "' is invalid: each entry must be an IPv4 or IPv6 "
        + "address, or a CIDR range such as 10.0.0.0/8 or fd00::/8");
  }
}
