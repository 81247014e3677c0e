package io.chatrelay.projector;

import io.chatrelay.kit.EnvReader;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisEndpoint;
import io.chatrelay.views.redis.SessionExpiry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Settings of the session projector.
 *
 * @param kafka the cluster and {@code KAFKA_*} pass-through client settings
 * @param redisUrl where the views live, {@code redis://[user:password@]host:port[/db]}
 * @param viewPrefix prefix of every view key (see {@link ViewKeys})
 * @param applicationId the Kafka Streams application id, also the consumer group
 * @param opsHost and {@code opsPort}: where {@code /health/*} and {@code /metrics} listen; port 0 picks a free one
 * @param stateDir the Kafka Streams state directory, or null for its default
 * @param batchSize most events written to Redis in one pipeline
 * @param flushInterval how long an event may wait in a batch before it is written anyway
 * @param pollInterval how long Kafka Streams blocks polling; bounds how late the flush punctuator runs
 * @param commitInterval how often input offsets are committed (each commit first writes the batch)
 * @param sessionTtl how long a session's views stay in Redis after its last event; zero keeps them
 *     ({@link SessionExpiry})
 */
public record ProjectorConfig(KafkaSettings kafka, String redisUrl, String viewPrefix, String applicationId,
    String opsHost, int opsPort, String stateDir, int batchSize, Duration flushInterval, Duration pollInterval,
    Duration commitInterval, Duration sessionTtl) {

  public static final String REDIS_URL_ENV = "REDIS_URL";
  public static final String VIEW_PREFIX_ENV = "VIEW_PREFIX";
  public static final String APPLICATION_ID_ENV = "PROJECTOR_APPLICATION_ID";
  public static final String OPS_HOST_ENV = "PROJECTOR_OPS_HOST";
  public static final String OPS_PORT_ENV = "PROJECTOR_OPS_PORT";
  public static final String STATE_DIR_ENV = "PROJECTOR_STATE_DIR";
  public static final String BATCH_SIZE_ENV = "PROJECTOR_BATCH_SIZE";
  public static final String FLUSH_INTERVAL_ENV = "PROJECTOR_FLUSH_INTERVAL_MS";
  public static final String POLL_INTERVAL_ENV = "PROJECTOR_POLL_MS";
  public static final String COMMIT_INTERVAL_ENV = "PROJECTOR_COMMIT_INTERVAL_MS";

  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  public static final String DEFAULT_APPLICATION_ID = "session-projector";
  /**
   * Loopback: the ops endpoints describe the inside of the service (lag, traffic, heap) and have no access
   * control. A deployment whose probes or scraper come from another host or container sets the variable to
   * {@code 0.0.0.0} (infra/docker-compose.yml does) and keeps the port off the public network.
   */
  public static final String DEFAULT_OPS_HOST = "127.0.0.1";
  public static final int DEFAULT_OPS_PORT = 8082;
  public static final int DEFAULT_BATCH_SIZE = 1000;
  /** Short, because the edge holds a user's request until the projector has written it. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(5);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(10);
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);

  private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  public ProjectorConfig {
    Objects.requireNonNull(kafka, "kafka");
    String redisProblem = redisUrl == null ? "must be set" : RedisEndpoint.problem(redisUrl);
    if (redisProblem != null) {
      throw EnvReader.invalid(REDIS_URL_ENV, redisUrl == null ? null : RedisEndpoint.mask(redisUrl), redisProblem);
    }
    if (viewPrefix == null || viewPrefix.isBlank() || viewPrefix.chars().anyMatch(Character::isWhitespace)) {
      throw EnvReader.invalid(VIEW_PREFIX_ENV, viewPrefix, "must be non-empty without spaces");
    }
    if (applicationId == null || !APPLICATION_ID.matcher(applicationId).matches()) {
      throw EnvReader.invalid(APPLICATION_ID_ENV, applicationId, "must be letters, digits, '.', '_' or '-'");
    }
    Objects.requireNonNull(opsHost, "opsHost");
    requireRange(OPS_PORT_ENV, opsPort, 0, 65_535);
    requireRange(BATCH_SIZE_ENV, batchSize, 1, 100_000);
    requirePositive(FLUSH_INTERVAL_ENV, flushInterval);
    requirePositive(POLL_INTERVAL_ENV, pollInterval);
    requirePositive(COMMIT_INTERVAL_ENV, commitInterval);
    Objects.requireNonNull(sessionTtl, "sessionTtl");
  }

  public static ProjectorConfig fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    return new ProjectorConfig(
        KafkaSettings.fromEnv(env),
        reader.string(REDIS_URL_ENV, DEFAULT_REDIS_URL),
        reader.string(VIEW_PREFIX_ENV, ViewKeys.DEFAULT_PREFIX),
        reader.string(APPLICATION_ID_ENV, DEFAULT_APPLICATION_ID),
        reader.string(OPS_HOST_ENV, DEFAULT_OPS_HOST),
        reader.integer(OPS_PORT_ENV, DEFAULT_OPS_PORT, 0, 65_535),
        reader.string(STATE_DIR_ENV, null),
        reader.integer(BATCH_SIZE_ENV, DEFAULT_BATCH_SIZE, 1, 100_000),
        reader.millis(FLUSH_INTERVAL_ENV, DEFAULT_FLUSH_INTERVAL, Duration.ofMillis(1), Duration.ofMinutes(10)),
        reader.millis(POLL_INTERVAL_ENV, DEFAULT_POLL_INTERVAL, Duration.ofMillis(1), Duration.ofSeconds(10)),
        reader.millis(COMMIT_INTERVAL_ENV, DEFAULT_COMMIT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(10)),
        SessionExpiry.ttlFromEnv(reader));
  }

  public ViewKeys viewKeys() {
    return new ViewKeys(viewPrefix);
  }

  /** Kafka Streams settings; {@code KAFKA_*} pass-through values win over these. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    // Applying an event twice changes nothing, so at-least-once is exact here and needs no transactions.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(pollInterval.toMillis()));
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
    // Values are parsed by the processor; this only guards the keys.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    // There is no global store; enabling this only keeps Streams (and its partition assignor, which reads the
    // consumer's settings) from warning about it at every start.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    if (stateDir != null) {
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    }
    p.putAll(kafka.passThrough());
    return p;
  }

  @Override
  public String toString() {
    return "ProjectorConfig[bootstrapServers=" + kafka.bootstrapServers() + ", chatMessages=" + kafka.chatMessages()
        + ", kafka=" + kafka.printablePassThrough() + ", redisUrl=" + RedisEndpoint.mask(redisUrl)
        + ", viewPrefix=" + viewPrefix + ", applicationId=" + applicationId + ", ops=" + opsHost + ":" + opsPort
        + ", stateDir=" + (stateDir == null ? "default" : stateDir) + ", batchSize=" + batchSize
        + ", flushInterval=" + flushInterval.toMillis() + "ms, pollInterval=" + pollInterval.toMillis()
        + "ms, commitInterval=" + commitInterval.toMillis() + "ms, sessionTtl=" + sessionTtl.toSeconds() + "s]";
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw EnvReader.invalid(name, Integer.toString(value), "must be between " + min + " and " + max);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw EnvReader.invalid(name, String.valueOf(value), "must be a positive duration");
    }
  }
}
