package io.chatrelay.launcher.tools.internal;

import io.chatrelay.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How long {@code chat-messages} keeps events: the product's erasure policy for the log. Kafka deletes whole
 * segments once their newest record is older than {@code retention.ms}, and a segment is closed after
 * {@code segment.ms}; so an event is gone at most {@code retention + segment} after it was written. Setting a
 * retention also sets {@code segment.ms} to a day (or the retention, if shorter) to keep that bound tight.
 */
public final class RetentionPolicy {

  static final Duration MAX_SEGMENT_AGE = Duration.ofDays(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * @param retention how long events are kept, or null for ever
   * @param segmentAge how long a segment stays open
   */
  public record Policy(Duration retention, Duration segmentAge) {

    /** The latest an event can still be in the log after it was written, or null when kept for ever. */
    public Duration erasedWithin() {
      return retention == null ? null : retention.plus(segmentAge);
    }
  }

  private final Admin admin;
  private final ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CHAT_MESSAGES.name());

  public RetentionPolicy(Admin admin) {
    this.admin = admin;
  }

  public Policy current() {
    Config config = get(admin.describeConfigs(List.of(topic)).all()).get(topic);
    long retention = Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
    long segment = Long.parseLong(config.get(TopicConfig.SEGMENT_MS_CONFIG).value());
    return new Policy(retention < 0 ? null : Duration.ofMillis(retention), Duration.ofMillis(segment));
  }

  /** Keeps events for {@code retention}, or for ever when null; returns the policy now in force. */
  public Policy apply(Duration retention) {
    List<AlterConfigOp> ops;
    if (retention == null) {
      ops = List.of(
          new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET),
          new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, ""), AlterConfigOp.OpType.DELETE));
    } else {
      if (retention.toMinutes() < 1) {
        throw new IllegalArgumentException("a retention of " + retention + " is too short to be a policy");
      }
      Duration segment = retention.compareTo(MAX_SEGMENT_AGE) < 0 ? retention : MAX_SEGMENT_AGE;
      ops = List.of(
          new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())),
              AlterConfigOp.OpType.SET),
          new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segment.toMillis())),
              AlterConfigOp.OpType.SET));
    }
    get(admin.incrementalAlterConfigs(Map.of(topic, ops)).all());
    return current();
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted talking to Kafka", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + TIMEOUT, e);
    }
  }
}
