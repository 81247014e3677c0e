package io.chatrelay.infra.internal;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.network.SocketServerConfigs;
import org.apache.kafka.raft.KRaftConfigs;
import org.apache.kafka.raft.MetadataLogConfig;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.config.ReplicationConfigs;
import org.apache.kafka.server.config.ServerConfigs;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.apache.kafka.storage.internals.log.CleanerConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of a KRaft node that is both broker and controller: the only node of a single-node cluster, or
 * one of a few on loopback.
 */
public final class BrokerSettings {

    public static final String HOST = "127.0.0.1";
    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    // Internal topics are created on first use; few partitions keep the first consumer group fast.
    private static final String INTERNAL_TOPIC_PARTITIONS = "5";
    // The broker's own topics (offsets, transactions) on three nodes at most, as a production cluster keeps them.
    private static final int MAX_INTERNAL_REPLICAS = 3;
    // The cleaner's default 128 MiB buffer would take a large share of a 1 GiB test heap.
    private static final String CLEANER_DEDUPE_BUFFER_BYTES = Integer.toString(8 * 1024 * 1024);

    private BrokerSettings() {
    }

    public static Map<String, Object> node(Path logDir, KafkaNode node) {
        int brokerPort = node.brokerPort();
        int controllerPort = node.controllerPort();
        Map<String, Object> props = new HashMap<>();
        props.put(KRaftConfigs.PROCESS_ROLES_CONFIG, "broker,controller");
        props.put(KRaftConfigs.NODE_ID_CONFIG, Integer.toString(node.nodeId()));
        // Static voters (kraft.version 0) rather than a dynamic quorum: a single node's controller
        // port is picked afresh on each process start, and a static voter set is read from this
        // config instead of being recorded in the metadata log, so a new port is harmless.
        props.put(QuorumConfig.QUORUM_VOTERS_CONFIG, node.quorumVoters());
        props.put(KRaftConfigs.CONTROLLER_LISTENER_NAMES_CONFIG, CONTROLLER_LISTENER);
        props.put(SocketServerConfigs.LISTENERS_CONFIG,
            BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put(SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG, BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.put(SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG,
            BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put(ReplicationConfigs.INTER_BROKER_LISTENER_NAME_CONFIG, BROKER_LISTENER);
        props.put(ServerLogConfigs.LOG_DIRS_CONFIG, logDir.toString());
        props.put(MetadataLogConfig.METADATA_LOG_DIR_CONFIG, logDir.toString());
        props.putAll(internalTopics(Math.min(MAX_INTERNAL_REPLICAS, node.clusterSize())));
        props.putAll(fastStart());
        return props;
    }

    private static Map<String, Object> internalTopics(int replicas) {
        String factor = Integer.toString(replicas);
        // One node may be down and a committed offset or transaction state is still on two.
        String minIsr = replicas >= MAX_INTERNAL_REPLICAS ? "2" : "1";
        Map<String, Object> props = new HashMap<>();
        props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, factor);
        props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, INTERNAL_TOPIC_PARTITIONS);
        // The transaction and share coordinators' config classes are runtime-only dependencies,
        // hence plain keys for their topics.
        props.put("transaction.state.log.replication.factor", factor);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        props.put("share.coordinator.state.topic.replication.factor", factor);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("share.coordinator.state.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        // Kafka's own defaults, on a cluster too: a topic gets the replication its creator asks
        // for, which is how the product's services lay out theirs.
        props.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
        props.put(ReplicationConfigs.DEFAULT_REPLICATION_FACTOR_CONFIG, "1");
        return props;
    }

    private static Map<String, Object> fastStart() {
        Map<String, Object> props = new HashMap<>();
        // Topics are declared by the services; a typo must fail instead of creating a stray topic.
        props.put(ServerLogConfigs.AUTO_CREATE_TOPICS_ENABLE_CONFIG, "false");
        // Nobody else will join: the first member of a group should get its assignment at once.
        props.put(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
        props.put(GroupCoordinatorConfig.STREAMS_GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
        props.put(CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE_PROP, CLEANER_DEDUPE_BUFFER_BYTES);
        // The machine has few cores; the defaults (3 network, 8 io threads) only add contention.
        props.put(SocketServerConfigs.NUM_NETWORK_THREADS_CONFIG, "2");
        props.put(ServerConfigs.NUM_IO_THREADS_CONFIG, "4");
        return props;
    }
}
