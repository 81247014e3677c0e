package io.chatrelay.infra;

import io.chatrelay.infra.internal.Retry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Waits until a broker, or a topic on it, actually serves clients. */
public final class KafkaReadiness {

    // Each attempt is short so a slow answer is retried instead of eating the whole timeout.
    private static final int ATTEMPT_TIMEOUT_MS = 2_000;

    private KafkaReadiness() {
    }

    /**
     * Waits until every partition of {@code topic} has a leader that answers a ListOffsets request.
     *
     * <p>Why: right after CreateTopics returns, the partitions may not be fully loaded on the
     * broker yet, and an idempotent producer's first batch can then be rejected with
     * OUT_OF_ORDER_SEQUENCE_NUMBER. A partition that answers ListOffsets is past that window.
     *
     * @throws IllegalStateException if the topic is not ready within {@code timeout}
     */
    public static void awaitTopicReady(Admin admin, String topic, Duration timeout) {
        Retry.until("topic " + topic + " to be ready", timeout, () -> {
            TopicDescription description = admin
                .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(ATTEMPT_TIMEOUT_MS))
                .topicNameValues().get(topic)
                .get(ATTEMPT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() == null) {
                    return null;
                }
                partitions.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(ATTEMPT_TIMEOUT_MS))
                .all()
                .get(ATTEMPT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Boolean.TRUE;
        });
    }

    /** Waits until the broker at {@code bootstrapServers} answers DescribeCluster with itself. */
    public static void awaitBrokerReady(String bootstrapServers, Duration timeout) {
        awaitBrokers(bootstrapServers, 1, timeout);
    }

    /**
     * Waits until the cluster at {@code bootstrapServers} answers DescribeCluster with at least {@code brokers}
     * brokers, which it lists once they are registered with the controller and not fenced.
     */
    public static void awaitBrokers(String bootstrapServers, int brokers, Duration timeout) {
        Map<String, Object> props = Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ATTEMPT_TIMEOUT_MS,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ATTEMPT_TIMEOUT_MS);
        try (Admin admin = Admin.create(props)) {
            Retry.until(brokers + " broker(s) at " + bootstrapServers + " to answer", timeout, () -> admin
                .describeCluster(new DescribeClusterOptions().timeoutMs(ATTEMPT_TIMEOUT_MS))
                .nodes()
                .get(ATTEMPT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .size() >= brokers ? Boolean.TRUE : null);
        }
    }
}
