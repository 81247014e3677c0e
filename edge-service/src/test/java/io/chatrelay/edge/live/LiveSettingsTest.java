package io.chatrelay.edge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveSettingsTest {

  @Test
  void shouldUseTheDocumentedDefaults() {
    LiveSettings settings = LiveSettings.fromEnv(Map.of());

    assertThat(settings.pingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.maxQueuedBytes()).isEqualTo(1024 * 1024);
    assertThat(settings.maxConnections()).isEqualTo(50_000);
    assertThat(settings.messagesPerSecond()).isEqualTo(5.0);
    assertThat(settings.burst()).isEqualTo(20);
    assertThat(settings.feedReleaseIdle()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldReadEveryVariable() {
    LiveSettings settings = LiveSettings.fromEnv(Map.ofEntries(Map.entry("WS_PING_INTERVAL_MS", "1000"),
        Map.entry("WS_IDLE_TIMEOUT_MS", "3000"), Map.entry("WS_MAX_QUEUED_BYTES", "65536"),
        Map.entry("WS_MAX_CONNECTIONS", "10"), Map.entry("RATE_LIMIT_MESSAGES_PER_SECOND", "0.5"),
        Map.entry("RATE_LIMIT_BURST", "2"), Map.entry("RATE_LIMIT_IP_MESSAGES_PER_SECOND", "4"),
        Map.entry("RATE_LIMIT_IP_BURST", "8"), Map.entry("WS_MAX_CONNECTIONS_PER_USER", "3"),
        Map.entry("WS_MAX_CONNECTIONS_PER_IP", "6"), Map.entry("EDGE_FEED_RELEASE_IDLE_MS", "1500")));

    assertThat(settings).isEqualTo(new LiveSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 65536, 10, 0.5, 2,
        4.0, 8, 3, 6, Duration.ofMillis(1500)));
  }

  @Test
  void shouldRefuseBadValuesNamingTheVariable() {
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("WS_IDLE_TIMEOUT_MS", "1000", "WS_PING_INTERVAL_MS", "1000")))
        .hasMessageContaining("WS_IDLE_TIMEOUT_MS");
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("WS_MAX_QUEUED_BYTES", "100")))
        .hasMessageContaining("WS_MAX_QUEUED_BYTES");
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("WS_MAX_CONNECTIONS", "0")))
        .hasMessageContaining("WS_MAX_CONNECTIONS");
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("WS_MAX_CONNECTIONS_PER_IP", "0")))
        .hasMessageContaining("WS_MAX_CONNECTIONS_PER_IP");
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("RATE_LIMIT_IP_BURST", "0")))
        .hasMessageContaining("RATE_LIMIT_IP_BURST");
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("RATE_LIMIT_MESSAGES_PER_SECOND", "fast")))
        .hasMessageContaining("RATE_LIMIT_MESSAGES_PER_SECOND");
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("EDGE_FEED_RELEASE_IDLE_MS", "-1")))
        .hasMessageContaining("EDGE_FEED_RELEASE_IDLE_MS");
    assertThatThrownBy(() -> LiveSettings.fromEnv(Map.of("RATE_LIMIT_BURST", "0")))
        .hasMessageContaining("RATE_LIMIT_BURST");
  }
}
