package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.views.ViewKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ProjectorConfigTest {

  @Test
  void shouldUseDefaultsWhenEnvironmentIsEmpty() {
    ProjectorConfig config = ProjectorConfig.fromEnv(Map.of());

    assertThat(config.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.viewPrefix()).isEqualTo(ViewKeys.DEFAULT_PREFIX);
    assertThat(config.applicationId()).isEqualTo("session-projector");
    assertThat(config.opsPort()).isEqualTo(8082);
    assertThat(config.opsHost()).as("ops endpoints face no network unless told").isEqualTo("127.0.0.1");
    assertThat(config.stateDir()).isNull();
    assertThat(config.batchSize()).isEqualTo(ProjectorConfig.DEFAULT_BATCH_SIZE);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void shouldReadEverySettingFromEnvironment() {
    ProjectorConfig config = ProjectorConfig.fromEnv(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "kafka:29092",
        "REDIS_URL", "redis://redis:6380/2",
        "VIEW_PREFIX", "rebuild-7:",
        "PROJECTOR_APPLICATION_ID", "projector-blue",
        "PROJECTOR_OPS_PORT", "0",
        "PROJECTOR_STATE_DIR", "/var/lib/projector",
        "PROJECTOR_BATCH_SIZE", "250",
        "PROJECTOR_FLUSH_INTERVAL_MS", "3",
        "PROJECTOR_POLL_MS", "20",
        "PROJECTOR_COMMIT_INTERVAL_MS", "500"));

    assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:29092");
    assertThat(config.redisUrl()).isEqualTo("redis://redis:6380/2");
    assertThat(config.viewKeys().positions()).isEqualTo("rebuild-7:{views}positions");
    assertThat(config.applicationId()).isEqualTo("projector-blue");
    assertThat(config.opsPort()).isZero();
    assertThat(config.stateDir()).isEqualTo("/var/lib/projector");
    assertThat(config.batchSize()).isEqualTo(250);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(3));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void shouldBuildAtLeastOnceStreamsSettingsWherePassThroughWins() {
    Properties props = ProjectorConfig.fromEnv(Map.of(
        "PROJECTOR_APPLICATION_ID", "projector-green",
        "PROJECTOR_STATE_DIR", "/tmp/projector-state",
        "KAFKA_NUM_STREAM_THREADS", "2",
        "KAFKA_POLL_MS", "50")).streamsProperties();

    assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("projector-green");
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    assertThat(props.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/tmp/projector-state");
    assertThat(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("2");
    assertThat(props.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo("50");
    assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("1000");
  }

  @Test
  void shouldKeepSessionsUnlessATimeToLiveIsSet() {
    assertThat(ProjectorConfig.fromEnv(Map.of()).sessionTtl()).isZero();
    assertThat(ProjectorConfig.fromEnv(Map.of("VIEW_SESSION_TTL_SECONDS", "2592000")).sessionTtl())
        .isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> ProjectorConfig.fromEnv(Map.of("VIEW_SESSION_TTL_SECONDS", "-1")))
        .hasMessageContaining("VIEW_SESSION_TTL_SECONDS");
    assertThat(ProjectorConfig.fromEnv(Map.of("REDIS_URL", "redis-cluster://a:7000,b:7001")).redisUrl())
        .isEqualTo("redis-cluster://a:7000,b:7001");
  }

  @Test
  void shouldRefuseRedisUrlThatIsNotRedisNamingTheVariable() {
    assertThatThrownBy(() -> ProjectorConfig.fromEnv(Map.of("REDIS_URL", "http://cache:6379")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REDIS_URL")
        .hasMessageContaining("scheme must be redis, rediss, redis-cluster");
  }

  @Test
  void shouldNotRevealRedisPasswordWhenRefusingUrl() {
    assertThatThrownBy(() -> ProjectorConfig.fromEnv(Map.of("REDIS_URL", "http://admin:hunter2@cache:6379")))
        .hasMessageContaining("REDIS_URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldRefuseBadNumbersNamingVariableAndValue() {
    assertRefused("PROJECTOR_OPS_PORT", "70000");
    assertRefused("PROJECTOR_BATCH_SIZE", "0");
    assertRefused("PROJECTOR_BATCH_SIZE", "lots");
    assertRefused("PROJECTOR_FLUSH_INTERVAL_MS", "0");
    assertRefused("PROJECTOR_POLL_MS", "-5");
  }

  @Test
  void shouldRefuseApplicationIdThatKafkaCannotUse() {
    assertRefused("PROJECTOR_APPLICATION_ID", "session projector");
  }

  @Test
  void shouldRefusePrefixWithSpaces() {
    assertRefused("VIEW_PREFIX", "relay views:");
  }

  @Test
  void shouldMaskRedisPasswordAndKafkaSecretsInToString() {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", "redis://default:s3cret-pass@redis:6379");
    env.put("KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"kafka-pass\";");
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

    String text = ProjectorConfig.fromEnv(env).toString();

    assertThat(text).doesNotContain("s3cret-pass").doesNotContain("kafka-pass")
        .contains("redis://default:***@redis:6379")
        .contains("security.protocol=SASL_SSL");
  }

  private static void assertRefused(String name, String value) {
    assertThatThrownBy(() -> ProjectorConfig.fromEnv(Map.of(name, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(value);
  }
}
