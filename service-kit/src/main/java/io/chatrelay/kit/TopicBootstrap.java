package io.chatrelay.kit;

import io.chatrelay.events.Topic;
import io.chatrelay.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the product's topics when missing, refuses an existing {@code chat-messages} laid out otherwise than
 * configured (see {@link TopicLayout}), and waits until the topics can take writes.
 */
public final class TopicBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

  private TopicBootstrap() {}

  /** Makes sure {@link Topics#CHAT_MESSAGES} exists with exactly {@code partitions} partitions. */
  public static TopicLayout.Resolved ensureChatMessages(Admin admin, int partitions, Duration timeout) {
    return ensureChatMessages(admin, TopicLayout.ofPartitions(partitions), timeout);
  }

  /**
   * Makes sure {@link Topics#CHAT_MESSAGES} exists as {@code layout} asks on this cluster, and returns the layout
   * it has there (which the Streams services give their internal topics too).
   *
   * @throws IllegalArgumentException when the topic exists with other partitions or replication, or the cluster
   *     cannot hold the replicas asked for: a configuration to fix, not a failure to retry
   */
  public static TopicLayout.Resolved ensureChatMessages(Admin admin, TopicLayout layout, Duration timeout) {
    String name = Topics.CHAT_MESSAGES.name();
    int brokers = brokers(admin, timeout);
    TopicLayout.Resolved wanted = layout.resolve(brokers);
    if (!exists(admin, name, timeout)) {
      layout.requireCreatable(wanted, brokers);
      create(admin, name, wanted, Topics.chatMessagesConfig(), timeout);
    }
    TopicDescription actual = awaitReady(admin, name, timeout);
    int replicas = actual.partitions().get(0).replicas().size();
    layout.refusal(name, actual.partitions().size(), replicas, wanted).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    return new TopicLayout.Resolved(actual.partitions().size(), replicas, wanted.minInsyncReplicas());
  }

  /** Makes sure {@code topic} exists, with {@code partitions} partitions and {@code layout}'s replication. */
  public static void ensure(Admin admin, Topic<?, ?> topic, int partitions, Map<String, String> config,
      TopicLayout.Resolved layout, Duration timeout) {
    create(admin, topic.name(), new TopicLayout.Resolved(partitions, layout.replicationFactor(),
        layout.minInsyncReplicas()), config, timeout);
    awaitReady(admin, topic.name(), timeout);
  }

  private static void create(Admin admin, String name, TopicLayout.Resolved layout, Map<String, String> base,
      Duration timeout) {
    Map<String, String> config = layout.topicConfig(base);
    try {
      admin.createTopics(List.of(new NewTopic(name, layout.partitions(), (short) layout.replicationFactor())
          .configs(config))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created topic={} partitions={} replicationFactor={} config={}", name, layout.partitions(),
          layout.replicationFactor(), config);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
      }
      LOG.info("topic={} exists", name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + name + " after " + timeout, e);
    }
  }

  private static boolean exists(Admin admin, String topic, Duration timeout) {
    try {
      return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list the Kafka cluster's topics within " + timeout, e);
    }
  }

  private static int brokers(Admin admin, Duration timeout) {
    try {
      return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the cluster", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the Kafka cluster's brokers within " + timeout, e);
    }
  }

  /**
   * Waits until every partition answers a list-offsets request. A producer that writes to a partition whose leader
   * is not settled yet can have its first idempotent batch rejected as out of sequence, so we wait first.
   */
  public static TopicDescription awaitReady(Admin admin, String topic, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        TopicDescription description = admin.describeTopics(Set.of(topic)).topicNameValues().get(topic)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
            .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return description;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for topic " + topic, e);
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        sleepQuietly(Duration.ofMillis(100));
      }
    }
    throw new IllegalStateException("topic " + topic + " not ready after " + timeout, last);
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
