package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.AgentType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {

  private static final String STRONG_SECRET = "s3cr3t-value-with-enough-length-0123456789";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void shouldStartInProductionModeUnlessToldAndRefuseTheDevSecretThere() {
    assertThatThrownBy(() -> EdgeConfig.fromEnv(Map.of())).hasMessageContaining("SESSION_SECRET");
    EdgeConfig config = EdgeConfig.fromEnv(Map.of("SESSION_SECRET", "x".repeat(40),
        "PUBLIC_ORIGIN", "https://chat.example.com", "COOKIE_SECURE", "true"));
    assertThat(config.mode()).isEqualTo(EdgeConfig.Mode.PRODUCTION);
  }

  @Test
  void shouldUseDevDefaults() {
    EdgeConfig config = EdgeConfig.fromEnv(Map.of("RELAY_MODE", "dev"));

    assertThat(config.mode()).isEqualTo(EdgeConfig.Mode.DEV);
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.signIn().sessionTtl()).isEqualTo(Duration.ofSeconds(86_400));
    assertThat(config.defaultAgentType()).isEqualTo(AgentType.BankRep);
    assertThat(config.readYourWritesTimeout()).isEqualTo(Duration.ofMillis(5000));
    assertThat(config.signIn().cookieSecure()).isFalse();
    assertThat(config.signIn().authProxyHeader()).isEmpty();
    assertThat(config.signIn().allowedOrigins()).isEmpty();
    assertThat(config.signIn().publicOrigin()).isEmpty();
    assertThat(config.ownOrigins(8123)).containsExactly("http://127.0.0.1:8123", "http://localhost:8123");
    assertThat(config.viewKeys().positions()).isEqualTo("relay:{views}positions");
    assertThat(config.signIn().sessionSecret()).isEqualTo(SignInSettings.DEV_SESSION_SECRET);
    assertThat(config.opsHost()).as("ops endpoints face no network unless told").isEqualTo("127.0.0.1");
    assertThat(config.opsPort()).isEqualTo(8081);
  }

  @Test
  void shouldReadEveryVariable() {
    EdgeConfig config = EdgeConfig.fromEnv(env("RELAY_MODE", "production", "HTTP_HOST", "0.0.0.0", "HTTP_PORT", "9000",
        "SESSION_SECRET", STRONG_SECRET, "COOKIE_SECURE", "true", "SESSION_TTL_SECONDS", "600",
        "PUBLIC_ORIGIN", "https://Chat.example.com/",
        "DEFAULT_AGENT_TYPE", "TradeBodyRep", "READ_YOUR_WRITES_TIMEOUT_MS", "250", "AUTH_PROXY_HEADER",
        "X-Auth-User", "TRUSTED_PROXIES", "10.0.0.0/8", "AUTH_PROXY_SECRET", STRONG_SECRET, "AUTH_PROXY_SECRET_HEADER",
        "X-Proxy-Token", "ALLOWED_ORIGINS", "https://a.example, https://B.example/", "REDIS_URL",
        "redis://cache:6380", "VIEW_PREFIX", "v2:", "KAFKA_BOOTSTRAP_SERVERS", "k:9092", "HTTP_WORKER_THREADS", "8",
        "READY_MAX_PROJECTION_LAG", "5", "EDGE_OPS_HOST", "0.0.0.0", "EDGE_OPS_PORT", "9001"));

    assertThat(config.opsHost()).isEqualTo("0.0.0.0");
    assertThat(config.opsPort()).isEqualTo(9001);

    assertThat(config.mode()).isEqualTo(EdgeConfig.Mode.PRODUCTION);
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.signIn().cookieSecure()).isTrue();
    assertThat(config.signIn().sessionTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.defaultAgentType()).isEqualTo(AgentType.TradeBodyRep);
    assertThat(config.readYourWritesTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.signIn().authProxyHeader()).contains("X-Auth-User");
    assertThat(config.signIn().trustedProxies()).hasToString("10.0.0.0/8");
    assertThat(config.signIn().authProxySecret()).contains(STRONG_SECRET);
    assertThat(config.signIn().authProxySecretHeader()).isEqualTo("X-Proxy-Token");
    assertThat(config.signIn().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    assertThat(config.signIn().publicOrigin()).contains("https://chat.example.com");
    assertThat(config.ownOrigins(9000)).containsExactly("https://chat.example.com");
    assertThat(config.redisUrl().getPort()).isEqualTo(6380);
    assertThat(config.viewPrefix()).isEqualTo("v2:");
    assertThat(config.kafka().bootstrapServers()).isEqualTo("k:9092");
    assertThat(config.workerThreads()).isEqualTo(8);
    assertThat(config.readyMaxProjectionLag()).isEqualTo(5);
  }

  @Test
  void shouldRefuseProductionWithoutAPrivateSecret() {
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "production")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SESSION_SECRET")
        .hasMessageContaining("refusing to start");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "production", "SESSION_SECRET",
        SignInSettings.DEV_SESSION_SECRET))).hasMessageContaining("SESSION_SECRET");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "production", "SESSION_SECRET", "short")))
        .hasMessageContaining("at least 32");
  }

  @Test
  void shouldNameTheBadVariableAndValue() {
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "staging")))
        .hasMessageContaining("RELAY_MODE='staging'");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("HTTP_PORT", "70000"))).hasMessageContaining("HTTP_PORT");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("DEFAULT_AGENT_TYPE", "Banker")))
        .hasMessageContaining("DEFAULT_AGENT_TYPE='Banker'");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("READ_YOUR_WRITES_TIMEOUT_MS", "-1")))
        .hasMessageContaining("READ_YOUR_WRITES_TIMEOUT_MS");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("ALLOWED_ORIGINS", "https://ok.example,evil")))
        .hasMessageContaining("ALLOWED_ORIGINS='evil'");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("REDIS_URL", "http://x:1"))).hasMessageContaining("REDIS_URL");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("SESSION_TTL_SECONDS", "0")))
        .hasMessageContaining("SESSION_TTL_SECONDS");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("AUTH_PROXY_HEADER", "X Bad", "TRUSTED_PROXIES", "::1")))
        .hasMessageContaining("AUTH_PROXY_HEADER");
  }

  @Test
  void shouldRefuseProductionWithoutASecureCookieUnlessToldItIsForTesting() {
    Map<String, String> production = env("RELAY_MODE", "production", "SESSION_SECRET", STRONG_SECRET,
        "PUBLIC_ORIGIN", "http://10.0.0.5:8080");

    assertThatThrownBy(() -> EdgeConfig.fromEnv(production)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COOKIE_SECURE=true").hasMessageContaining("ALLOW_INSECURE_COOKIE=true")
        .hasMessageContaining("refusing to start");
    production.put("COOKIE_SECURE", "false");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(production)).hasMessageContaining("COOKIE_SECURE");
    production.put("ALLOW_INSECURE_COOKIE", "true");
    assertThat(EdgeConfig.fromEnv(production).signIn().cookieSecure()).isFalse();
    assertThat(EdgeConfig.fromEnv(env("RELAY_MODE", "dev")).signIn().allowInsecureCookie()).isFalse();
  }

  @Test
  void shouldRefuseProductionWithoutAPublicOrigin() {
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "production", "SESSION_SECRET", STRONG_SECRET,
        "COOKIE_SECURE", "true"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PUBLIC_ORIGIN")
        .hasMessageContaining("refusing to start");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "dev", "PUBLIC_ORIGIN", "chat.example.com")))
        .hasMessageContaining("PUBLIC_ORIGIN='chat.example.com'");
  }

  @Test
  void shouldRefuseAnAuthProxyHeaderWithoutTrustedAddressesOrSecret() {
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "dev", "AUTH_PROXY_HEADER", "X-Auth-User")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRUSTED_PROXIES")
        .hasMessageContaining("AUTH_PROXY_SECRET").hasMessageContaining("refusing to start");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "dev", "AUTH_PROXY_HEADER", "X-Auth-User",
        "AUTH_PROXY_SECRET", "short"))).hasMessageContaining("AUTH_PROXY_SECRET");
    assertThatThrownBy(() -> EdgeConfig.fromEnv(env("RELAY_MODE", "dev", "AUTH_PROXY_HEADER", "X-Auth-User",
        "TRUSTED_PROXIES", "proxy.internal"))).hasMessageContaining("TRUSTED_PROXIES='proxy.internal'");
    assertThat(EdgeConfig.fromEnv(env("RELAY_MODE", "dev", "AUTH_PROXY_HEADER", "X-Auth-User", "TRUSTED_PROXIES",
        "10.0.0.1")).signIn().authProxy()).isPresent();
  }

  @Test
  void shouldMaskSecretsInToString() {
    EdgeConfig config = EdgeConfig.fromEnv(env("SESSION_SECRET", STRONG_SECRET, "REDIS_URL",
        "redis://user:hunter2@cache:6379", "PUBLIC_ORIGIN", "https://chat.example.com", "COOKIE_SECURE", "true",
        "AUTH_PROXY_HEADER", "X-Auth-User", "AUTH_PROXY_SECRET",
        "proxy-secret-" + "p".repeat(40)));

    assertThat(config.toString()).doesNotContain(STRONG_SECRET).doesNotContain("hunter2").contains("****")
        .doesNotContain("proxy-secret-");
  }
}
