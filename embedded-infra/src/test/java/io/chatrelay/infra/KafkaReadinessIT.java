package io.chatrelay.infra;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RelayInfraExtension.class)
class KafkaReadinessIT {

    private static final int PARTITIONS = 4;

    private Admin admin;

    @BeforeEach
    void createAdmin(RelayInfra infra) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void shouldLetIdempotentProducerWriteEveryPartitionRightAfterTopicIsReady(RelayInfra infra) throws Exception {
        String topic = infra.uniqueName("fresh");
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();

        KafkaReadiness.awaitTopicReady(admin, topic, Duration.ofSeconds(30));

        List<RecordMetadata> written = new ArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(infra.bootstrapServers(), Map.of())) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                written.add(producer.send(new ProducerRecord<>(topic, partition, "k", "v" + partition)).get());
            }
        }
        assertThat(written).extracting(RecordMetadata::partition).containsExactly(0, 1, 2, 3);
        assertThat(written).extracting(RecordMetadata::offset).containsOnly(0L);
    }

    @Test
    void shouldTimeOutNamingTheTopicWhenItDoesNotExist(RelayInfra infra) {
        String missing = infra.uniqueName("missing");

        assertThatThrownBy(() -> KafkaReadiness.awaitTopicReady(admin, missing, Duration.ofMillis(500)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(missing);
    }
}
