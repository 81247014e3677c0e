package io.chatrelay.infra.junit;

import io.chatrelay.infra.EmbeddedKafka;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.KafkaReadiness;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The broker and Redis shared by all integration tests of one JVM, handed out by
 * {@link RelayInfraExtension}. Each server starts on first use, so a test class that needs only
 * Kafka never starts Redis.
 *
 * <p>If the environment variable {@value #REDIS_URL_ENV} is set, that Redis is used instead of a
 * local one: {@link #redisUrl()} returns it and {@link #redis()} returns {@code null}.
 *
 * <p>Tests share the servers, so they must keep their data apart with {@link #uniqueName(String)}
 * for topics, consumer groups and Redis key prefixes. A test that stops a server should restart it;
 * if it does not, the extension restarts it after the test class.
 */
public final class RelayInfra implements AutoCloseable {

    public static final String REDIS_URL_ENV = "REDIS_URL";
    public static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(RelayInfra.class);
    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    // Distinguishes JVMs that share an external Redis (REDIS_URL), e.g. parallel module builds.
    private final String jvmToken = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final AtomicLong nameCounter = new AtomicLong();
    private final String externalRedisUrl;
    private EmbeddedKafka kafka;
    private Admin admin;
    private EmbeddedRedis redis;
    private Path kafkaDir;
    private boolean closed;

    RelayInfra(Map<String, String> env) {
        String url = env.get(REDIS_URL_ENV);
        this.externalRedisUrl = url == null || url.isBlank() ? null : url.trim();
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    /** The shared broker, started on first call; fault tests may stop and restart it. */
    public synchronized EmbeddedKafka kafka() {
        ensureOpen();
        if (kafka == null) {
            kafkaDir = tempDir("relay-kafka-");
            kafka = EmbeddedKafka.start(kafkaDir, 0);
        }
        return kafka;
    }

    public synchronized String redisUrl() {
        return externalRedisUrl != null ? externalRedisUrl : redis().url();
    }

    /** The shared Redis, started on first call; {@code null} when {@value #REDIS_URL_ENV} is set. */
    public synchronized EmbeddedRedis redis() {
        ensureOpen();
        if (externalRedisUrl != null) {
            return null;
        }
        if (redis == null) {
            redis = EmbeddedRedis.start(0);
        }
        return redis;
    }

    /**
     * A name no other test in any JVM will use, e.g. {@code chat-messages-3f9a1c-7}; valid as a
     * Kafka topic, consumer group id and Redis key prefix.
     */
    public String uniqueName(String prefix) {
        if (prefix == null || !NAME_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                "prefix must be 1-200 characters of [A-Za-z0-9._-], was '" + prefix + "'");
        }
        return prefix + "-" + jvmToken + "-" + nameCounter.incrementAndGet();
    }

    /**
     * Creates a topic (replication factor 1) and returns its name once every partition answers
     * clients, so the first produce cannot hit a partition that is still loading.
     */
    public String createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions + " for topic " + name);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank, was '" + name + "'");
        }
        Admin client = admin();
        try {
            client.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                .all().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
        KafkaReadiness.awaitTopicReady(client, name, TOPIC_READY_TIMEOUT);
        LOG.debug("Created topic {} with {} partitions", name, partitions);
        return name;
    }

    /** Restarts a server a test left stopped, so the next test class finds it running. */
    synchronized void restartStoppedServers() {
        if (closed) {
            return;
        }
        if (kafka != null && !kafka.isRunning()) {
            LOG.warn("Kafka broker {} was left stopped by a test; restarting it", kafka.bootstrapServers());
            kafka.restart();
        }
        if (redis != null && !redis.isRunning()) {
            LOG.warn("Redis {} was left stopped by a test; restarting it", redis.url());
            redis.restart();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (AutoCloseable child : new AutoCloseable[] {admin, kafka, redis}) {
            failure = closeKeepingFirst(child, failure);
        }
        if (kafkaDir != null) {
            deleteRecursively(kafkaDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        }
        return admin;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The shared test infrastructure is already closed");
        }
    }

    private static RuntimeException closeKeepingFirst(AutoCloseable child, RuntimeException failure) {
        if (child == null) {
            return failure;
        }
        try {
            child.close();
        } catch (Exception e) {
            if (failure == null) {
                return new IllegalStateException("Cannot close " + child, e);
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory under java.io.tmpdir", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "RelayInfra[kafka=" + kafka + ", redis=" + (externalRedisUrl != null ? externalRedisUrl : redis) + "]";
    }
}
