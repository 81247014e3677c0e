package io.chatrelay.launcher.tools.internal;

import io.chatrelay.views.redis.LogReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Copies a log into a new topic of another partition count: every record with its key, value, headers and
 * timestamp, each partition read in order and written through one idempotent producer, so the records of a session
 * (one key) keep their order. The producer's partitioner puts each record where the product's partitioner looks for
 * its session in a topic of that size. Offsets, and so every {@code seq}, are new in the copy.
 */
public final class LogCopy {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /** What a copy did. */
  public record Result(long records, int fromPartitions, int toPartitions, short replicationFactor,
      boolean sourceGrew) {}

  private final Admin admin;
  private final LogReader source;
  private final Producer<String, byte[]> producer;

  public LogCopy(Admin admin, LogReader source, Producer<String, byte[]> producer) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.source = Objects.requireNonNull(source, "source");
    this.producer = Objects.requireNonNull(producer, "producer");
  }

  /**
   * Creates {@code target} with {@code partitions} partitions and the source's replication factor and
   * {@code min.insync.replicas}, then copies the source from its start to its end as of now. Refuses a target that
   * exists. {@code sourceGrew} in the result says records were added to the source meanwhile (they are not in the
   * copy: stop the writers first).
   */
  public Result copy(String target, int partitions, Progress progress, BooleanSupplier stop) {
    TopicDescription from = describe(source.topic());
    short replicas = (short) from.partitions().get(0).replicas().size();
    createTarget(target, partitions, replicas);
    List<TopicPartition> tps = source.partitions();
    Map<TopicPartition, Long> begin = source.beginningOffsets(tps);
    Map<TopicPartition, Long> end = source.endOffsets(tps);
    long total = tps.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
    AtomicLong copied = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    boolean complete = source.read(begin, end, record -> {
      producer.send(new ProducerRecord<>(target, null, record.timestamp(), record.key(), record.value(),
          record.headers()), (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
          });
      progress.update(copied.incrementAndGet(), total);
      return failure.get() == null;
    }, stop);
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("writing to " + target + " failed: " + failure.get().getMessage(),
          failure.get());
    }
    if (!complete) {
      throw new IllegalStateException("the copy was stopped; " + target + " is incomplete");
    }
    boolean grew = !source.endOffsets(tps).equals(end);
    return new Result(copied.get(), tps.size(), partitions, replicas, grew);
  }

  private TopicDescription describe(String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .get(topic);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read topic " + topic + ": " + e.getCause().getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read topic " + topic + ": " + e, e);
    }
  }

  private void createTarget(String target, int partitions, short replicas) {
    try {
      if (admin.listTopics().names().get().contains(target)) {
        throw new IllegalArgumentException("topic " + target + " exists; the copy needs a new topic");
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, source.topic());
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      String minIsr = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
      admin.createTopics(List.of(new NewTopic(target, partitions, replicas)
          .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + target, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + target + ": " + e.getCause().getMessage(), e);
    }
  }
}
