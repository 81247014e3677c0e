package io.chatrelay.edge.page.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

  @Test
  void shouldAllowScriptsOnlyFromThisOriginOrWithTheNonce() {
    String csp = SecurityHeaders.contentSecurityPolicy("abc123");

    assertThat(csp).contains("default-src 'self'", "script-src 'self' 'nonce-abc123'", "connect-src 'self'",
        "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'");
    assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
  }

  @Test
  void shouldNeverRepeatANonce() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String nonce = SecurityHeaders.newNonce();
      assertThat(nonce).matches("[A-Za-z0-9+/]{22}==");
      assertThat(seen.add(nonce)).isTrue();
    }
  }
}
