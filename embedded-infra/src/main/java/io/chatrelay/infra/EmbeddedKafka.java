package io.chatrelay.infra;

import io.chatrelay.infra.internal.BrokerSettings;
import io.chatrelay.infra.internal.FreePorts;
import io.chatrelay.infra.internal.KafkaNode;
import io.chatrelay.infra.internal.KafkaStorage;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A real single-node Kafka cluster (KRaft, combined broker and controller) running in this JVM,
 * listening on 127.0.0.1 only.
 *
 * <p>The data directory is formatted on first use and reused afterwards, so records, topics and
 * committed offsets survive {@link #stop()}/{@link #restart()} and a new {@code start} on the same
 * directory. The directory must belong to this broker alone.
 */
public final class EmbeddedKafka extends RestartableServer {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dataDir;
    private final KafkaNode node;
    private final Map<String, String> overrides;
    private final Thread shutdownHook;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, KafkaNode node, JvmExit exit, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.node = node;
        this.overrides = Map.copyOf(overrides);
        startServer();
        // A clean shutdown at exit spares the next start on this directory a log recovery.
        this.shutdownHook = exit == JvmExit.OWN_HOOK ? new Thread(this::stop, "embedded-kafka-shutdown") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Starts a broker on {@code dataDir} and returns once it answers clients; a shutdown hook of its own stops it
     * when the JVM exits.
     *
     * @param port the client port, or 0 to pick a free one (kept for {@link #restart()})
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, JvmExit.OWN_HOOK);
    }

    /**
     * Starts a broker on {@code dataDir} and returns once it answers clients.
     *
     * @param port the client port, or 0 to pick a free one (kept for {@link #restart()})
     * @param exit whether a hook of its own stops it at JVM exit, or the caller closes it
     */
    public static EmbeddedKafka start(Path dataDir, int port, JvmExit exit) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(exit, "exit");
        int brokerPort = FreePorts.resolve(port);
        return new EmbeddedKafka(dataDir, KafkaNode.single(brokerPort, FreePorts.pick()), exit, Map.of());
    }

    /**
     * Like {@link #start(Path, int, JvmExit)}, with broker properties set on top of the single-node defaults, such as
     * an {@code authorizer.class.name} for a broker that enforces ACLs.
     */
    public static EmbeddedKafka start(Path dataDir, int port, JvmExit exit, Map<String, String> brokerOverrides) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(exit, "exit");
        Objects.requireNonNull(brokerOverrides, "brokerOverrides");
        return new EmbeddedKafka(dataDir, KafkaNode.single(FreePorts.resolve(port), FreePorts.pick()), exit,
            brokerOverrides);
    }

    /**
     * Starts one node of a cluster of several, for {@link KafkaProcess}'s child; returns once it answers clients, which
     * takes a quorum of its controllers, so the other nodes must be starting too.
     */
    static EmbeddedKafka startNode(Path dataDir, KafkaNode node) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(node, "node");
        return new EmbeddedKafka(dataDir, node, JvmExit.OWN_HOOK, Map.of());
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return BrokerSettings.HOST + ":" + port();
    }

    public int port() {
        return node.brokerPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly; its data stays on disk. Does nothing if already stopped. */
    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long startNanos = System.nanoTime();
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
        LOG.info("Kafka broker {} stopped in {} ms", bootstrapServers(), elapsedMillis(startNanos));
    }

    @Override
    protected String describe() {
        return "Kafka broker " + bootstrapServers();
    }

    @Override
    protected void afterClose() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook may be running; stop() is idempotent.
        }
    }

    @Override
    protected synchronized void startServer() {
        long startNanos = System.nanoTime();
        boolean formatted = KafkaStorage.formatIfNeeded(dataDir, node);
        Map<String, Object> props = new HashMap<>(BrokerSettings.node(dataDir, node));
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
            KafkaReadiness.awaitBrokerReady(bootstrapServers(), START_TIMEOUT);
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " failed to start", e);
        }
        server = starting;
        LOG.info("Kafka broker {} started in {} ms ({} data directory {})", bootstrapServers(),
            elapsedMillis(startNanos), formatted ? "new" : "existing", dataDir);
    }

    private static long elapsedMillis(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + dataDir + "]";
    }
}
