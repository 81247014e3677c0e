package io.chatrelay.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.AgentType;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

  @Test
  void shouldUseTheDocumentedDefaults() {
    ConnectorConfig config = ConnectorConfig.fromEnv(Map.of("RELAY_MODE", "dev"));

    assertThat(config.policy().production()).isFalse();
    assertThat(config.policy().bearerToken()).isEmpty();
    assertThat(config.policy().maxFrameBytes()).isEqualTo(65_536);
    assertThat(config.policy().statusPerSecond()).isEqualTo(1.0);
    assertThat(config.policy().statusBurst()).isEqualTo(3);
    assertThat(config.group().groupId()).isEqualTo("agent-connector");
    assertThat(config.agentUrl()).isEqualTo(URI.create("ws://127.0.0.1:8090/ws"));
    assertThat(config.agentUrls()).isEmpty();
    assertThat(config.defaultAgentType()).isEqualTo(AgentType.BankRep);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.replyTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.reconnectBase()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.reconnectAttempts()).isEqualTo(5);
    assertThat(config.breakerOpen()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.unavailableGiveUp()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.opsPort()).isEqualTo(8083);
    assertThat(config.opsHost()).as("ops endpoints face no network unless told").isEqualTo("127.0.0.1");
    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void shouldReadEverySetting() {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", "broker:9093");
    env.put("CONNECTOR_GROUP_ID", "connectors-eu");
    env.put("AI_AGENT_WS_URL", "wss://agents.example/ws");
    env.put("DEFAULT_AGENT_TYPE", "TradeBodyRep");
    env.put("AGENT_IDLE_TIMEOUT_MS", "1500");
    env.put("AGENT_HEARTBEAT_MS", "700");
    env.put("AGENT_REPLY_TIMEOUT_MS", "2500");
    env.put("AGENT_RECONNECT_BASE_MS", "10");
    env.put("AGENT_RECONNECT_MAX_MS", "80");
    env.put("AGENT_RECONNECT_ATTEMPTS", "2");
    env.put("AGENT_BREAKER_OPEN_MS", "900");
    env.put("AGENT_UNAVAILABLE_GIVE_UP_MS", "4000");
    env.put("CONNECTOR_OPS_PORT", "0");
    env.put("AI_AGENT_TOKEN", "t0ken-value");
    env.put("AGENT_MAX_FRAME_BYTES", "4096");
    env.put("AGENT_STATUS_PER_SECOND", "2.5");
    env.put("AGENT_STATUS_BURST", "7");

    ConnectorConfig config = ConnectorConfig.fromEnv(env);

    assertThat(config.policy().production()).isTrue();
    assertThat(config.policy().bearerToken()).contains("t0ken-value");
    assertThat(config.policy().maxFrameBytes()).isEqualTo(4096);
    assertThat(config.policy().statusPerSecond()).isEqualTo(2.5);
    assertThat(config.policy().statusBurst()).isEqualTo(7);

    assertThat(config.kafka().bootstrapServers()).isEqualTo("broker:9093");
    assertThat(config.group().groupId()).isEqualTo("connectors-eu");
    assertThat(config.agentUrl()).isEqualTo(URI.create("wss://agents.example/ws"));
    assertThat(config.defaultAgentType()).isEqualTo(AgentType.TradeBodyRep);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.heartbeat()).isEqualTo(Duration.ofMillis(700));
    assertThat(config.replyTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.reconnectBase()).isEqualTo(Duration.ofMillis(10));
    assertThat(config.reconnectMax()).isEqualTo(Duration.ofMillis(80));
    assertThat(config.reconnectAttempts()).isEqualTo(2);
    assertThat(config.breakerOpen()).isEqualTo(Duration.ofMillis(900));
    assertThat(config.unavailableGiveUp()).isEqualTo(Duration.ofMillis(4000));
    assertThat(config.opsPort()).isZero();
  }

  @Test
  void shouldRoutePersonasToTheirOwnEndpointInExactOrUpperCase() {
    ConnectorConfig config = ConnectorConfig.fromEnv(Map.of("RELAY_MODE", "dev",
        "AI_AGENT_WS_URL", "ws://default:8090/ws",
        "AI_AGENT_WS_URL_TRADEBODYREP", "ws://trade:8091/ws",
        "AI_AGENT_WS_URL_PaymentsEcosystemRep", "ws://payments:8092/ws"));

    assertThat(config.agentUrlFor(AgentType.BankRep)).isEqualTo(URI.create("ws://default:8090/ws"));
    assertThat(config.agentUrlFor(AgentType.TradeBodyRep)).isEqualTo(URI.create("ws://trade:8091/ws"));
    assertThat(config.agentUrlFor(AgentType.PaymentsEcosystemRep)).isEqualTo(URI.create("ws://payments:8092/ws"));
  }

  @Test
  void shouldAcceptBothSpellingsWhenTheyAgree() {
    ConnectorConfig config = ConnectorConfig.fromEnv(Map.of("AI_AGENT_ALLOW_PLAINTEXT", "true",
        "AI_AGENT_WS_URL_BANKREP", "ws://bank:1/ws", "AI_AGENT_WS_URL_BankRep", "ws://bank:1/ws"));
    assertThat(config.agentUrlFor(AgentType.BankRep)).isEqualTo(URI.create("ws://bank:1/ws"));
  }

  @Test
  void shouldRefuseBothSpellingsWhenTheyDisagree() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of(
        "AI_AGENT_WS_URL_BANKREP", "ws://bank:1/ws", "AI_AGENT_WS_URL_BankRep", "ws://other:2/ws")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conflicts with");
  }

  @Test
  void shouldRefuseAnOverrideNamingNoPersona() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AI_AGENT_WS_URL_BANK_REP", "ws://bank:1/ws")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AI_AGENT_WS_URL_BANK_REP")
        .hasMessageContaining("names no persona");
  }

  @Test
  void shouldRefuseAUrlThatIsNotAWebSocketUrl() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AI_AGENT_WS_URL", "http://agent:8090/ws")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AI_AGENT_WS_URL='http://agent:8090/ws'")
        .hasMessageContaining("ws://");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AI_AGENT_WS_URL", "ws://bad host/ws")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AI_AGENT_WS_URL");
  }

  @Test
  void shouldRefuseBadNumbersNamingTheVariable() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AGENT_REPLY_TIMEOUT_MS", "ten")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AGENT_REPLY_TIMEOUT_MS='ten'");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AGENT_HEARTBEAT_MS", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AGENT_HEARTBEAT_MS='0'");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AGENT_RECONNECT_ATTEMPTS", "-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AGENT_RECONNECT_ATTEMPTS='-1'");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("CONNECTOR_OPS_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONNECTOR_OPS_PORT='70000'");
  }

  @Test
  void shouldRefuseABackoffCapBelowItsBase() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of(
        "AGENT_RECONNECT_BASE_MS", "5000", "AGENT_RECONNECT_MAX_MS", "1000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AGENT_RECONNECT_MAX_MS='1000'")
        .hasMessageContaining("AGENT_RECONNECT_BASE_MS");
  }

  @Test
  void shouldRefuseAnUnknownDefaultPersona() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("DEFAULT_AGENT_TYPE", "bankrep")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DEFAULT_AGENT_TYPE='bankrep'")
        .hasMessageContaining("BankRep");
  }

  @Test
  void shouldKeepCredentialsOutOfItsDescription() {
    ConnectorConfig config = ConnectorConfig.fromEnv(Map.of(
        "AI_AGENT_WS_URL", "wss://user:s3cret@agents.example/ws?token=abc123",
        "AI_AGENT_WS_URL_BANKREP", "wss://bank.example/ws?apiKey=k3y",
        "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule password=\"pw\";"));

    String text = config.toString();
    assertThat(text).doesNotContain("s3cret", "abc123", "k3y", "password=");
    assertThat(text).contains("wss://***@agents.example/ws?***", "sasl.jaas.config");
  }

  @Test
  void shouldRefusePlaintextAgentUrlsInProductionUnlessAllowed() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AI_AGENT_WS_URL must be a wss:// URL when RELAY_MODE=production")
        .hasMessageContaining("AI_AGENT_ALLOW_PLAINTEXT");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AI_AGENT_WS_URL", "wss://agents.example/ws",
        "AI_AGENT_WS_URL_TRADEBODYREP", "ws://trade:8091/ws")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AI_AGENT_WS_URL_TradeBodyRep");

    assertThat(ConnectorConfig.fromEnv(Map.of("AI_AGENT_WS_URL", "wss://agents.example/ws")).agentUrl())
        .isEqualTo(URI.create("wss://agents.example/ws"));
    assertThat(ConnectorConfig.fromEnv(Map.of("AI_AGENT_ALLOW_PLAINTEXT", "true")).agentUrl().getScheme())
        .isEqualTo("ws");
    assertThat(ConnectorConfig.fromEnv(Map.of("RELAY_MODE", "dev")).agentUrl().getScheme()).isEqualTo("ws");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("RELAY_MODE", "staging")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RELAY_MODE='staging'");
  }

  @Test
  void shouldKeepTheAgentTokenOutOfItsDescriptionAndErrors() {
    ConnectorConfig config = ConnectorConfig.fromEnv(Map.of("RELAY_MODE", "dev", "AI_AGENT_TOKEN", "sup3r-secret"));
    assertThat(config.toString()).doesNotContain("sup3r-secret").contains("agentToken=****");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("RELAY_MODE", "dev", "AI_AGENT_TOKEN", "two words")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AI_AGENT_TOKEN")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("two words"));
  }

  @Test
  void shouldRefuseAFrameCapTooSmallForAnAnswer() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("RELAY_MODE", "dev", "AGENT_MAX_FRAME_BYTES", "10")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AGENT_MAX_FRAME_BYTES='10'");
  }

  @Test
  void shouldKeepCredentialsOutOfErrorMessages() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("AI_AGENT_WS_URL", "https://u:s3cret@agent/ws")))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }
}
