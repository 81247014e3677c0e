package io.chatrelay.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, fd00::/8");

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static String resolve(String peer, String... forwardedFor) {
    return ClientAddress.resolve(PROXIES, ip(peer), forwardedFor.length == 0 ? null : List.of(forwardedFor));
  }

  @Test
  void shouldBelieveTheHeaderOnlyFromATrustedPeer() {
    assertThat(resolve("203.0.113.9", "198.51.100.1")).as("a client naming itself someone else").isEqualTo(
        "203.0.113.9");
    assertThat(resolve("10.0.0.5", "198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.5")).as("a proxy that sent no header").isEqualTo("10.0.0.5");
  }

  @Test
  void shouldTakeTheRightmostAddressNoTrustedProxyOwns() {
    // The client wrote the first entry itself; the edge's proxies appended the rest.
    assertThat(resolve("10.0.0.5", "6.6.6.6, 198.51.100.1, 10.0.0.7")).isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.5", "6.6.6.6", "198.51.100.1, 10.0.0.7")).as("split over header lines")
        .isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.5", "10.0.0.8, 10.0.0.7")).as("only proxies: the farthest").isEqualTo("10.0.0.8");
  }

  @Test
  void shouldStopAtGarbageAtTheNearestAddressAProxyVouchedFor() {
    assertThat(resolve("10.0.0.5", "198.51.100.1, unknown, 10.0.0.7")).isEqualTo("10.0.0.7");
    assertThat(resolve("10.0.0.5", "evil.example.com")).as("no DNS lookups").isEqualTo("10.0.0.5");
    assertThat(resolve("10.0.0.5", "")).isEqualTo("10.0.0.5");
  }

  @Test
  void shouldReadIpv6AndAddressesWithPorts() {
    assertThat(resolve("fd00::1", "[2001:db8::1]:443")).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(resolve("fd00::1", "2001:db8::2")).isEqualTo("2001:db8:0:0:0:0:0:2");
    assertThat(resolve("10.0.0.5", "198.51.100.1:5000")).isEqualTo("198.51.100.1");
  }

  @Test
  void shouldCallAnUnknownPeerUnknown() {
    assertThat(ClientAddress.resolve(PROXIES, null, List.of("198.51.100.1"))).isEqualTo(ClientAddress.UNKNOWN);
  }
}
