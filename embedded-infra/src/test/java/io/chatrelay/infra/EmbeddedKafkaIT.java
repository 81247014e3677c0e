package io.chatrelay.infra;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static io.chatrelay.infra.KafkaTestClients.consumer;
import static io.chatrelay.infra.KafkaTestClients.producer;
import static io.chatrelay.infra.KafkaTestClients.readFromBeginning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(RelayInfraExtension.class)
class EmbeddedKafkaIT {

    @Test
    void shouldDeliverProducedRecordToConsumerGroup(RelayInfra infra) throws Exception {
        String topic = infra.createTopic(infra.uniqueName("round-trip"), 3);
        try (KafkaProducer<String, String> producer = producer(infra.bootstrapServers(), Map.of())) {
            producer.send(new ProducerRecord<>(topic, "session-1", "hello")).get();
        }

        try (KafkaConsumer<String, String> consumer = consumer(infra.bootstrapServers(), infra.uniqueName("group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = KafkaTestClients.pollUntil(consumer, 1);

            assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("session-1", "hello"));
        }
    }

    @Test
    void shouldKeepRecordsAcrossBrokerRestart(RelayInfra infra) throws Exception {
        String topic = infra.createTopic(infra.uniqueName("restart"), 1);
        try (KafkaProducer<String, String> producer = producer(infra.bootstrapServers(), Map.of())) {
            producer.send(new ProducerRecord<>(topic, "session-1", "written-before-restart")).get();
        }
        String bootstrapBefore = infra.bootstrapServers();

        infra.kafka().restart();

        assertThat(infra.bootstrapServers()).isEqualTo(bootstrapBefore);
        assertThat(readFromBeginning(infra.bootstrapServers(), topic, 1))
            .extracting(ConsumerRecord::value)
            .containsExactly("written-before-restart");
    }

    @Test
    void shouldFailSendWhileBrokerIsStoppedAndSucceedAfterRestart(RelayInfra infra) throws Exception {
        String topic = infra.createTopic(infra.uniqueName("outage"), 1);
        EmbeddedKafka kafka = infra.kafka();
        Map<String, Object> shortTimeouts = Map.of(
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        try (KafkaProducer<String, String> producer = producer(infra.bootstrapServers(), shortTimeouts)) {
            producer.send(new ProducerRecord<>(topic, "session-1", "before-outage")).get();

            kafka.stop();
            try {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "session-1", "during-outage")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            } finally {
                kafka.restart();
            }

            producer.send(new ProducerRecord<>(topic, "session-1", "after-outage")).get();
        }

        assertThat(readFromBeginning(infra.bootstrapServers(), topic, 2))
            .extracting(ConsumerRecord::value)
            .containsExactly("before-outage", "after-outage");
    }

    @Test
    void shouldRefuseToCreateTopicsImplicitly(RelayInfra infra) throws Exception {
        String missing = infra.uniqueName("never-created");
        try (KafkaProducer<String, String> producer =
                 producer(infra.bootstrapServers(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(missing, "k", "v")).get())
                .hasCauseInstanceOf(TimeoutException.class);
        }

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain(missing);
        }
    }
}
