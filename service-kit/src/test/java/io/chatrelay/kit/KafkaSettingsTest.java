package io.chatrelay.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
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

  @Test
  void shouldProduceReliablyUncompressedUnlessTheOperatorChoosesACodec() {
    Properties reliable = KafkaSettings.of("broker:9092").reliableProducer("edge");

    assertThat(reliable).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    assertThat(KafkaSettings.fromEnv(Map.of("KAFKA_COMPRESSION_TYPE", "zstd")).reliableProducer("edge"))
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
  }
}
