package io.chatrelay.kit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client settings shared by the services: where the cluster is, plus every {@code KAFKA_*} variable passed
 * through untouched (so an operator can set {@code KAFKA_SECURITY_PROTOCOL} without code changes).
 *
 * @param bootstrapServers the cluster, from {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param chatMessages how {@code chat-messages} is laid out: partitions, replication ({@code CHAT_MESSAGES_*})
 * @param passThrough client properties from other {@code KAFKA_*} variables; they win over our defaults
 */
public record KafkaSettings(String bootstrapServers, TopicLayout chatMessages, Map<String, String> passThrough) {

  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  /** How long a send may take before the user is told to retry; short, because a person is waiting. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);
  private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|jaas|token|key).*");

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw EnvReader.invalid(BOOTSTRAP_ENV, bootstrapServers, "must name at least one host:port");
    }
    Objects.requireNonNull(chatMessages, "chatMessages");
    passThrough = Map.copyOf(passThrough);
  }

  public static KafkaSettings fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    Map<String, String> extra = new HashMap<>(reader.passThrough("KAFKA_"));
    extra.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    return new KafkaSettings(reader.string(BOOTSTRAP_ENV, DEFAULT_BOOTSTRAP),
        TopicLayout.fromEnv(reader), extra);
  }

  /**
   * The pass-through settings as a service logs them: sorted, and the value of any key that looks like a credential
   * ({@code sasl.jaas.config}, {@code ssl.key.password}, tokens) replaced by {@code ***}.
   */
  public Map<String, String> printablePassThrough() {
    Map<String, String> printable = new TreeMap<>();
    passThrough.forEach((key, value) ->
        printable.put(key, SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() ? "***" : value));
    return printable;
  }

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, TopicLayout.defaults(), Map.of());
  }

  public KafkaSettings withPartitions(int count) {
    return new KafkaSettings(bootstrapServers, TopicLayout.ofPartitions(count), passThrough);
  }

  public Properties admin(String clientId) {
    Properties p = base(clientId);
    p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return withPassThrough(p);
  }

  /**
   * A producer whose acknowledged writes survive: idempotent, {@code acks=all}; it gives up after
   * {@link #DELIVERY_TIMEOUT} so a request can answer 503 instead of hanging while the broker is away.
   *
   * <p>Uncompressed: a chat message is sent within a millisecond, so a batch holds one or two records, where lz4
   * saves about 16 % of the bytes (a 464-byte batch of one message becomes 391) but its stream allocates two 64 KiB
   * buffers per batch: 40 % of everything the product allocated at 1,000 exchanges/s. {@code KAFKA_COMPRESSION_TYPE}
   * chooses otherwise.
   */
  public Properties reliableProducer(String clientId) {
    return reliableProducer(clientId, DELIVERY_TIMEOUT);
  }

  /** A reliable producer that keeps trying a write for {@code deliveryTimeout} ({@code KAFKA_*} settings still win). */
  public Properties reliableProducer(String clientId, Duration deliveryTimeout) {
    Properties p = base(clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
    return withPassThrough(p);
  }

  /** A consumer that reads committed data only and commits offsets itself. */
  public Properties consumer(String clientId, String groupId) {
    Properties p = base(clientId);
    if (groupId != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return withPassThrough(p);
  }

  private Properties base(String clientId) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  private Properties withPassThrough(Properties p) {
    p.putAll(passThrough);
    return p;
  }
}
