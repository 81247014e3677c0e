package io.chatrelay.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.edge.api.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

  private final OriginCheck check = new OriginCheck(List.of("http://127.0.0.1:8080", "http://localhost:8080"),
      List.of("https://chat.example.com"));

  @Test
  void shouldAllowOwnAndConfiguredOrigins() {
    assertThat(check.allows("http://127.0.0.1:8080")).isTrue();
    assertThat(check.allows("HTTP://LocalHost:8080/")).isTrue();
    assertThat(check.allows("https://chat.example.com")).isTrue();
  }

  @Test
  void shouldRefuseForeignOriginsWhateverTheHostHeaderSays() {
    assertThat(check.allows("https://evil.example")).isFalse();
    assertThat(check.allows("http://127.0.0.1:9999")).isFalse();
    assertThat(check.allows("https://127.0.0.1:8080")).isFalse();
    assertThat(check.allows("null")).isFalse();
    assertThat(check.allows("https://chat.example.com.evil.example")).isFalse();
    assertThat(check.allows(null)).isFalse();
    assertThatThrownBy(() -> check.verifyStateChange("https://evil.example", "same-origin", true))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.slug()).isEqualTo("origin-not-allowed"));
  }

  @Test
  void shouldWantOriginOrSameOriginFetchSiteWhenACookieIsSent() {
    assertThat(check.allowsStateChange(null, null, true)).isFalse();
    assertThat(check.allowsStateChange(null, "cross-site", true)).isFalse();
    assertThat(check.allowsStateChange(null, "same-site", true)).isFalse();
    assertThat(check.allowsStateChange(null, "none", true)).isFalse();
    assertThat(check.allowsStateChange(null, "same-origin", true)).isTrue();
    assertThat(check.allowsStateChange("http://localhost:8080", null, true)).isTrue();
    assertThatThrownBy(() -> check.verifyStateChange(null, null, true))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.slug()).isEqualTo("origin-required"));
  }

  @Test
  void shouldLetRequestsWithoutCookieOrOriginThrough() {
    assertThat(check.allowsStateChange(null, null, false)).isTrue();
    assertThat(check.allowsStateChange("https://evil.example", null, false)).isFalse();
  }

  @Test
  void shouldRequireAnAllowedOriginOnAWebSocketHandshake() {
    assertThatThrownBy(() -> check.verifyHandshake(null))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.slug()).isEqualTo("origin-required"));
    assertThatThrownBy(() -> check.verifyHandshake("https://evil.example"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.slug()).isEqualTo("origin-not-allowed"));
    check.verifyHandshake("http://127.0.0.1:8080");
  }
}
