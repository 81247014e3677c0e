package io.chatrelay.connector;

import io.chatrelay.kit.EnvReader;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The consumer group the connectors share the sessions in, and this connector's fixed place in it.
 *
 * <p>With an instance id (static membership), a connector that restarts within the group's session timeout gets
 * the same partitions back without a rebalance: the other connectors keep their in-flight questions, and nobody's
 * question waits for the whole group to reassign. Each instance needs an id of its own that survives its restarts
 * (a StatefulSet pod's name, a host name); two running connectors with one id fence each other.
 *
 * @param groupId {@code CONNECTOR_GROUP_ID}
 * @param instanceId {@code CONNECTOR_INSTANCE_ID}, or null for a dynamic member
 */
public record ConsumerGroup(String groupId, String instanceId) {

  public static final String GROUP_ID_ENV = "CONNECTOR_GROUP_ID";
  public static final String INSTANCE_ID_ENV = "CONNECTOR_INSTANCE_ID";
  public static final String DEFAULT_GROUP_ID = "agent-connector";
  /** Kafka's own rule for group instance ids. */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public ConsumerGroup {
    if (groupId == null || groupId.isBlank()) {
      throw EnvReader.invalid(GROUP_ID_ENV, String.valueOf(groupId), "must not be blank");
    }
    if (instanceId != null && !LEGAL.matcher(instanceId).matches()) {
      throw EnvReader.invalid(INSTANCE_ID_ENV, instanceId,
          "must be 1 to 249 letters, digits, '.', '_' or '-'");
    }
  }

  static ConsumerGroup fromEnv(EnvReader env) {
    String instanceId = env.string(INSTANCE_ID_ENV, "");
    return new ConsumerGroup(env.string(GROUP_ID_ENV, DEFAULT_GROUP_ID), instanceId.isEmpty() ? null : instanceId);
  }

  /** Consumer settings joining this group, as a static member when an instance id is set. */
  Properties applyTo(Properties consumer) {
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    if (instanceId != null) {
      consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }
    return consumer;
  }
}
