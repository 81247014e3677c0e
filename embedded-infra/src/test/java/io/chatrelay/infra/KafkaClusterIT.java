package io.chatrelay.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.chatrelay.infra.KafkaTestClients.producer;
import static io.chatrelay.infra.KafkaTestClients.readFromBeginning;
import static org.assertj.core.api.Assertions.assertThat;

class KafkaClusterIT {

    private static final String TOPIC = "replicated";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldServeWritesWithOneNodeKilledAndTakeItBackAfterItsRestart(@TempDir Path dir) throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(dir, 3)) {
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
                assertThat(admin.describeCluster().nodes().get()).extracting(Node::id)
                    .containsExactlyInAnyOrder(1, 2, 3);
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3)
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")))).all().get();
                KafkaReadiness.awaitTopicReady(admin, TOPIC, WAIT);
                producer.send(new ProducerRecord<>(TOPIC, "k", "before")).get();
                int leader = partition(admin).leader().id();

                cluster.node(leader).kill();
                producer.send(new ProducerRecord<>(TOPIC, "k", "while-down"))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                int newLeader = partition(admin).leader().id();
                cluster.node(leader).restart();
                cluster.awaitAllBrokers(WAIT);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (partition(admin).isr().size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }

                assertThat(newLeader).isNotEqualTo(leader);
                assertThat(partition(admin).isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(readFromBeginning(bootstrap, TOPIC, 2)).extracting(ConsumerRecord::value)
                    .containsExactly("before", "while-down");
            }
            cluster.close();
            assertThat(cluster.allRunning()).isFalse();
        }
    }

    private static TopicPartitionInfo partition(Admin admin) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(TOPIC)).topicNameValues().get(TOPIC).get();
        return description.partitions().get(0);
    }
}
