package io.chatrelay.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldTrustSingleAddressesAndCidrRangesOfBothFamilies() {
    TrustedProxies proxies = TrustedProxies.parse(" 10.1.0.0/16, 192.168.1.7 , fd00::/8, ::1");

    assertThat(proxies.trusts(ip("10.1.255.3"))).isTrue();
    assertThat(proxies.trusts(ip("10.2.0.1"))).isFalse();
    assertThat(proxies.trusts(ip("192.168.1.7"))).isTrue();
    assertThat(proxies.trusts(ip("192.168.1.8"))).isFalse();
    assertThat(proxies.trusts(ip("fd12:3456::1"))).isTrue();
    assertThat(proxies.trusts(ip("fe80::1"))).isFalse();
    assertThat(proxies.trusts(ip("::1"))).isTrue();
    assertThat(proxies.trusts(ip("127.0.0.1"))).as("IPv4 loopback is not ::1").isFalse();
    assertThat(proxies.trusts(null)).isFalse();
  }

  @Test
  void shouldMatchPrefixesThatAreNotWholeBytes() {
    TrustedProxies proxies = TrustedProxies.parse("172.16.0.0/12");

    assertThat(proxies.trusts(ip("172.31.255.255"))).isTrue();
    assertThat(proxies.trusts(ip("172.32.0.0"))).isFalse();
    assertThat(proxies.trusts(ip("172.15.255.255"))).isFalse();
  }

  @Test
  void shouldTrustNobodyWhenEmpty() {
    assertThat(TrustedProxies.parse(" , ").isEmpty()).isTrue();
    assertThat(TrustedProxies.parse("").trusts(ip("127.0.0.1"))).isFalse();
  }

  @Test
  void shouldRefuseHostNamesAndBadRangesNamingTheVariable() {
    for (String bad : new String[] {"proxy.internal", "10.0.0.0/33", "::1/129", "10.0.0", "10.0.0.0/x", "1.2.3.4/"}) {
      assertThatThrownBy(() -> TrustedProxies.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRUSTED_PROXIES='" + bad + "'");
    }
  }
}
