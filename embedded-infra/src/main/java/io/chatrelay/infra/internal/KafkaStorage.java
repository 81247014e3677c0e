package io.chatrelay.infra.internal;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Formats a KRaft log directory once, so a broker can start on it and keep its data across restarts. */
public final class KafkaStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private KafkaStorage() {
    }

    /**
     * Formats the directory for {@code node}, with the node's cluster id (a new one when it has none). Returns true if
     * the directory was formatted now, false if it already held a cluster.
     */
    public static boolean formatIfNeeded(Path logDir, KafkaNode node) {
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            return false;
        }
        String clusterId = node.clusterId() == null ? Uuid.randomUuid().toString() : node.clusterId();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            Files.createDirectories(logDir);
            new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setNodeId(node.nodeId())
                .setClusterId(clusterId)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                .run();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create Kafka log directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + logDir, e);
        }
        LOG.info("Formatted Kafka log directory {} for node {} of cluster {}", logDir, node.nodeId(), clusterId);
        LOG.debug("Formatter output for {}: {}", logDir, output.toString(StandardCharsets.UTF_8).trim());
        return true;
    }
}
