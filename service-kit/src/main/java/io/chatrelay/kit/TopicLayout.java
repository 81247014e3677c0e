package io.chatrelay.kit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How {@code chat-messages} is laid out on the cluster: its partitions, its replication factor and its
 * {@code min.insync.replicas}, each either chosen by the operator or left to a default that fits the cluster.
 *
 * <p>The partition count is part of the contract of the log: a session's events go to the partition its id hashes
 * to, so a topic that gains partitions sends a session's new events elsewhere than its old ones. A count the
 * operator asked for that differs from the topic's is therefore refused, never applied. Left unset, the count is
 * used only to create the topic and an existing topic is taken as it is.
 *
 * @param partitions {@code CHAT_MESSAGES_PARTITIONS}, or null for "as the topic is" ({@link #DEFAULT_PARTITIONS}
 *     when it is created)
 * @param replicationFactor {@code CHAT_MESSAGES_REPLICATION_FACTOR}, or null for {@link #DEFAULT_REPLICATION_FACTOR}
 *     on a cluster of that many brokers or more, and every broker on a smaller one (a single dev broker: 1)
 * @param minInsyncReplicas {@code CHAT_MESSAGES_MIN_INSYNC_REPLICAS}, or null for 2 when there are 3 replicas or
 *     more (one broker may be down and an acknowledged write is still on two), else 1
 */
public record TopicLayout(Integer partitions, Integer replicationFactor, Integer minInsyncReplicas) {

  public static final String PARTITIONS_ENV = "CHAT_MESSAGES_PARTITIONS";
  public static final String REPLICATION_FACTOR_ENV = "CHAT_MESSAGES_REPLICATION_FACTOR";
  public static final String MIN_INSYNC_REPLICAS_ENV = "CHAT_MESSAGES_MIN_INSYNC_REPLICAS";
  public static final int DEFAULT_PARTITIONS = 6;
  public static final int DEFAULT_REPLICATION_FACTOR = 3;
  private static final int MAX_PARTITIONS = 10_000;
  private static final int MAX_REPLICAS = 32;

  public TopicLayout {
    check(PARTITIONS_ENV, partitions, MAX_PARTITIONS);
    check(REPLICATION_FACTOR_ENV, replicationFactor, MAX_REPLICAS);
    check(MIN_INSYNC_REPLICAS_ENV, minInsyncReplicas, MAX_REPLICAS);
    if (replicationFactor != null && minInsyncReplicas != null && minInsyncReplicas > replicationFactor) {
      throw EnvReader.invalid(MIN_INSYNC_REPLICAS_ENV, minInsyncReplicas.toString(),
          "must not exceed " + REPLICATION_FACTOR_ENV + "=" + replicationFactor + " (no write could succeed)");
    }
  }

  /** Every choice left to the defaults. */
  public static TopicLayout defaults() {
    return new TopicLayout(null, null, null);
  }

  /** A topic of exactly {@code partitions} partitions, replication left to the defaults. */
  public static TopicLayout ofPartitions(int partitions) {
    return new TopicLayout(partitions, null, null);
  }

  public static TopicLayout fromEnv(EnvReader reader) {
    return new TopicLayout(optional(reader, PARTITIONS_ENV, MAX_PARTITIONS),
        optional(reader, REPLICATION_FACTOR_ENV, MAX_REPLICAS), optional(reader, MIN_INSYNC_REPLICAS_ENV, MAX_REPLICAS));
  }

  /** The partitions a missing topic is created with. */
  public int partitionsToCreate() {
    return partitions == null ? DEFAULT_PARTITIONS : partitions;
  }

  /**
   * The layout on a cluster of {@code brokers} brokers (those up now).
   *
   * @throws IllegalArgumentException when the settings contradict each other there
   */
  public Resolved resolve(int brokers) {
    int replicas = replicationFactor == null ? Math.max(1, Math.min(DEFAULT_REPLICATION_FACTOR, brokers))
        : replicationFactor;
    int minInsync = minInsyncReplicas == null ? (replicas >= 3 ? 2 : 1) : minInsyncReplicas;
    if (minInsync > replicas) {
      throw EnvReader.invalid(MIN_INSYNC_REPLICAS_ENV, Integer.toString(minInsync),
          "must not exceed the replication factor " + replicas + " (no write could succeed)");
    }
    return new Resolved(partitionsToCreate(), replicas, minInsync);
  }

  /**
   * Checked before the topic is created (only then: an existing topic is used while a broker is down).
   *
   * @throws IllegalArgumentException when the cluster has fewer brokers up than the replicas asked for
   */
  public void requireCreatable(Resolved wanted, int brokers) {
    if (wanted.replicationFactor() > brokers) {
      throw new IllegalArgumentException(REPLICATION_FACTOR_ENV + "=" + wanted.replicationFactor()
          + " but the cluster has " + brokers + " broker(s) up: add brokers or lower it");
    }
  }

  /**
   * Why an existing topic of {@code actualPartitions} partitions with {@code actualReplicas} replicas each cannot be
   * used with this layout, or empty when it can. A replication factor that was set must match; the default only
   * refuses fewer replicas than it asks for, so that a service restarting while a broker is down (fewer brokers up,
   * a smaller default) still starts.
   */
  public Optional<String> refusal(String topic, int actualPartitions, int actualReplicas, Resolved wanted) {
    if (partitions != null && partitions != actualPartitions) {
      return Optional.of(topic + " has " + actualPartitions + " partitions but " + PARTITIONS_ENV + "=" + partitions
          + ". Adding partitions in place would move sessions to other partitions; unset " + PARTITIONS_ENV
          + " to use the topic as it is (see \"Partitions and replication\" in docs/operators.md)");
    }
    boolean mismatch = replicationFactor == null ? actualReplicas < wanted.replicationFactor()
        : actualReplicas != replicationFactor;
    if (mismatch) {
      String why = replicationFactor == null ? "the default for a cluster of this size" : REPLICATION_FACTOR_ENV;
      return Optional.of(topic + " has replication factor " + actualReplicas + " but " + wanted.replicationFactor()
          + " is expected (" + why + "). Reassign its partitions (kafka-reassign-partitions.sh), or set "
          + REPLICATION_FACTOR_ENV + "=" + actualReplicas + " to accept it");
    }
    return Optional.empty();
  }

  private static void check(String name, Integer value, int max) {
    if (value != null && (value < 1 || value > max)) {
      throw EnvReader.invalid(name, value.toString(), "must be between 1 and " + max);
    }
  }

  private static Integer optional(EnvReader reader, String name, int max) {
    return reader.isSet(name) ? reader.integer(name, 1, 1, max) : null;
  }

  /** The layout as it applies to one cluster. */
  public record Resolved(int partitions, int replicationFactor, int minInsyncReplicas) {

    /** {@code base} plus this layout's {@code min.insync.replicas}. */
    public Map<String, String> topicConfig(Map<String, String> base) {
      Map<String, String> config = new HashMap<>(base);
      config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
      return config;
    }
  }
}
