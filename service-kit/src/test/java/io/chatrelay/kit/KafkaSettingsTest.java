package io.chatrelay.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void shouldPrintPassThroughSortedWithCredentialsHidden() {
    KafkaSettings settings = KafkaSettings.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_JAAS_CONFIG", "user=\"a\" password=\"b\"",
        "KAFKA_SSL_KEY_PASSWORD", "hunter2", "KAFKA_LINGER_MS", "5"));

    assertThat(settings.printablePassThrough()).containsExactly(Map.entry("linger.ms", "5"),
        Map.entry("sasl.jaas.config", "***"), Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("ssl.key.password", "***"));
    assertThat(settings.passThrough()).containsEntry("ssl.key.password", "hunter2");
  }
}
