package io.chatrelay.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {

  @Test
  void shouldUseDefaultsWhenEnvironmentIsEmpty() {
    AnalyticsConfig config = AnalyticsConfig.fromEnv(Map.of());

    assertThat(config.applicationId()).isEqualTo("chat-analytics");
    assertThat(config.opsPort()).isEqualTo(8084);
    assertThat(config.opsHost()).as("ops endpoints face no network unless told").isEqualTo("127.0.0.1");
    assertThat(config.grace()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.streamsProperties())
        .containsEntry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), "65536")
        .containsEntry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "200");
  }

  @Test
  void shouldLeaveFetchBatchingToTheOperatorWhoSetsIt() {
    Properties props = AnalyticsConfig.fromEnv(Map.of("KAFKA_FETCH_MIN_BYTES", "1")).streamsProperties();

    assertThat(props).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1")
        .doesNotContainKey(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG))
        .containsEntry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "200");
  }

  @Test
  void shouldReadSettingsAndLetKafkaPassThroughWin() {
    Properties props = AnalyticsConfig.fromEnv(Map.of("ANALYTICS_APPLICATION_ID", "analytics-blue",
        "ANALYTICS_GRACE_MS", "5000", "ANALYTICS_OPS_PORT", "0", "KAFKA_NUM_STREAM_THREADS", "2",
        "KAFKA_SASL_JAAS_CONFIG", "password=\"pw\"")).streamsProperties();

    assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("analytics-blue");
    assertThat(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("2");
    assertThat(AnalyticsConfig.fromEnv(Map.of("KAFKA_SASL_JAAS_CONFIG", "password=\"pw\"")).toString())
        .doesNotContain("pw\"").contains("***");
  }

  @Test
  void shouldRefuseBadValuesNamingVariableAndValue() {
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of("ANALYTICS_GRACE_MS", "-1")))
        .hasMessageContaining("ANALYTICS_GRACE_MS").hasMessageContaining("-1");
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of("ANALYTICS_APPLICATION_ID", "chat analytics")))
        .hasMessageContaining("ANALYTICS_APPLICATION_ID").hasMessageContaining("chat analytics");
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of("ANALYTICS_OPS_PORT", "99999")))
        .hasMessageContaining("ANALYTICS_OPS_PORT").hasMessageContaining("99999");
  }
}
