package io.chatrelay.analytics;

import io.chatrelay.kit.EnvReader;
import io.chatrelay.kit.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the analytics job.
 *
 * @param kafka the cluster and {@code KAFKA_*} pass-through client settings
 * @param applicationId the Kafka Streams application id, also the consumer group and the prefix of its topics
 * @param opsHost and {@code opsPort}: where {@code /health/*} and {@code /metrics} listen; port 0 picks a free one
 * @param stateDir the Kafka Streams state directory, or null for its default
 * @param grace how late (by event time) an event may arrive and still count in its minute
 * @param commitInterval how often results are committed, and so how often a minute's record is updated
 */
public record AnalyticsConfig(KafkaSettings kafka, String applicationId, String opsHost, int opsPort,
    String stateDir, Duration grace, Duration commitInterval) {

  public static final String APPLICATION_ID_ENV = "ANALYTICS_APPLICATION_ID";
  public static final String OPS_HOST_ENV = "ANALYTICS_OPS_HOST";
  public static final String OPS_PORT_ENV = "ANALYTICS_OPS_PORT";
  public static final String STATE_DIR_ENV = "ANALYTICS_STATE_DIR";
  public static final String GRACE_ENV = "ANALYTICS_GRACE_MS";
  public static final String COMMIT_INTERVAL_ENV = "ANALYTICS_COMMIT_INTERVAL_MS";

  public static final String DEFAULT_APPLICATION_ID = "chat-analytics";
  /**
   * Loopback: the ops endpoints describe the inside of the service (lag, traffic, heap) and have no access
   * control. A deployment whose probes or scraper come from another host or container sets the variable to
   * {@code 0.0.0.0} (infra/docker-compose.yml does) and keeps the port off the public network.
   */
  public static final String DEFAULT_OPS_HOST = "127.0.0.1";
  public static final int DEFAULT_OPS_PORT = 8084;
  /** Replies arrive within seconds; a minute of grace covers a connector catching up after an outage. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
  static final int FETCH_MIN_BYTES = 64 * 1024;
  static final Duration FETCH_MAX_WAIT = Duration.ofMillis(200);

  private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  public AnalyticsConfig {
    Objects.requireNonNull(kafka, "kafka");
    if (applicationId == null || !APPLICATION_ID.matcher(applicationId).matches()) {
      throw EnvReader.invalid(APPLICATION_ID_ENV, applicationId, "must be letters, digits, '.', '_' or '-'");
    }
    Objects.requireNonNull(opsHost, "opsHost");
    if (opsPort < 0 || opsPort > 65_535) {
      throw EnvReader.invalid(OPS_PORT_ENV, Integer.toString(opsPort), "must be between 0 and 65535");
    }
    if (grace == null || grace.isNegative()) {
      throw EnvReader.invalid(GRACE_ENV, String.valueOf(grace), "must be zero or positive");
    }
    if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
      throw EnvReader.invalid(COMMIT_INTERVAL_ENV, String.valueOf(commitInterval), "must be positive");
    }
  }

  public static AnalyticsConfig fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    return new AnalyticsConfig(
        KafkaSettings.fromEnv(env),
        reader.string(APPLICATION_ID_ENV, DEFAULT_APPLICATION_ID),
        reader.string(OPS_HOST_ENV, DEFAULT_OPS_HOST),
        reader.integer(OPS_PORT_ENV, DEFAULT_OPS_PORT, 0, 65_535),
        reader.string(STATE_DIR_ENV, null),
        reader.millis(GRACE_ENV, DEFAULT_GRACE, Duration.ZERO, Duration.ofHours(24)),
        reader.millis(COMMIT_INTERVAL_ENV, DEFAULT_COMMIT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(10)));
  }

  /** Kafka Streams settings; {@code KAFKA_*} pass-through values win over these. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    // Counts are published for people to chart: a restart must neither lose nor double-count an event.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
    // Nobody waits for these counts (they are per minute): the main consumer fetches in batches, so the broker
    // answers a few fetches a second instead of one for every batch the edge and the connector produce.
    defaultForMainConsumer(p, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(FETCH_MIN_BYTES));
    defaultForMainConsumer(p, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(FETCH_MAX_WAIT.toMillis()));
    if (stateDir != null) {
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    }
    p.putAll(kafka.passThrough());
    return p;
  }

  /** A prefixed setting would win over the operator's unprefixed {@code KAFKA_*} one, so it is set only without. */
  private void defaultForMainConsumer(Properties p, String consumerKey, String value) {
    if (!kafka.passThrough().containsKey(consumerKey)) {
      p.put(StreamsConfig.mainConsumerPrefix(consumerKey), value);
    }
  }

  @Override
  public String toString() {
    return "AnalyticsConfig[bootstrapServers=" + kafka.bootstrapServers() + ", kafka=" + kafka.printablePassThrough()
        + ", applicationId=" + applicationId + ", ops=" + opsHost + ":" + opsPort
        + ", stateDir=" + (stateDir == null ? "default" : stateDir) + ", grace=" + grace.toMillis()
        + "ms, commitInterval=" + commitInterval.toMillis() + "ms]";
  }
}
