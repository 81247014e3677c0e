package io.chatrelay.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

  private final OriginCheck check = new OriginCheck(List.of("https://chat.example.com"));

  @Test
  void shouldAllowRequestsWithoutOrigin() {
    assertThat(check.allows(null, "http", "127.0.0.1:8080")).isTrue();
  }

  @Test
  void shouldAllowOwnOriginFromSchemeAndHost() {
    assertThat(check.allows("http://127.0.0.1:8080", "http", "127.0.0.1:8080")).isTrue();
    assertThat(check.allows("HTTP://LocalHost:8080", "http", "localhost:8080")).isTrue();
  }

  @Test
  void shouldAllowConfiguredOrigins() {
    assertThat(check.allows("https://chat.example.com", "http", "10.0.0.5:8080")).isTrue();
  }

  @Test
  void shouldRefuseForeignOrigins() {
    assertThat(check.allows("https://evil.example", "http", "127.0.0.1:8080")).isFalse();
    assertThat(check.allows("http://127.0.0.1:9999", "http", "127.0.0.1:8080")).isFalse();
    assertThat(check.allows("https://127.0.0.1:8080", "http", "127.0.0.1:8080")).isFalse();
    assertThat(check.allows("null", "http", "127.0.0.1:8080")).isFalse();
    assertThat(check.allows("https://chat.example.com.evil.example", "http", "x")).isFalse();
    assertThatThrownBy(() -> check.verify("https://evil.example", "http", "127.0.0.1:8080"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(403));
  }
}
