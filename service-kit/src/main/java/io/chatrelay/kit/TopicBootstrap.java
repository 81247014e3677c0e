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

/** Creates the product's topics when missing and waits until they can take writes. */
public final class TopicBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

  private TopicBootstrap() {}

  /** Makes sure {@link Topics#CHAT_MESSAGES} exists with the configured partitions and settings. */
  public static void ensureChatMessages(Admin admin, int partitions, Duration timeout) {
    ensure(admin, Topics.CHAT_MESSAGES, partitions, Topics.chatMessagesConfig(), timeout);
  }

  public static void ensure(Admin admin, Topic<?, ?> topic, int partitions, Map<String, String> config,
      Duration timeout) {
    String name = topic.name();
    try {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) -1).configs(config)))
          .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created topic={} partitions={} config={}", name, partitions, config);
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
    awaitReady(admin, name, timeout);
  }

  /**
   * Waits until every partition answers a list-offsets request. A producer that writes to a partition whose leader
   * is not settled yet can have its first idempotent batch rejected as out of sequence, so we wait first.
   */
  public static void awaitReady(Admin admin, String topic, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        TopicDescription description = admin.describeTopics(Set.of(topic)).topicNameValues().get(topic)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
            .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
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
