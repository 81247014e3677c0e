package io.chatrelay.edge.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster, at most once per {@code cacheFor}, whether it answers and where the topic's partitions end.
 * Readiness is polled often; the cache keeps those polls from turning into a stream of admin requests.
 */
public final class KafkaProbe {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);

  private final Admin admin;
  private final String topic;
  private final Duration timeout;
  private final Duration cacheFor;
  private final Clock clock;
  private Snapshot last;

  /**
   * @param reachable the cluster answered within the timeout
   * @param endOffsets per partition, the offset the next event will get
   */
  public record Snapshot(boolean reachable, String detail, Map<Integer, Long> endOffsets, Instant at) {}

  public KafkaProbe(Admin admin, String topic, Duration timeout, Duration cacheFor, Clock clock) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public synchronized Snapshot snapshot() {
    Instant now = clock.instant();
    if (last == null || !now.isBefore(last.at().plus(cacheFor))) {
      last = probe(now);
    }
    return last;
  }

  private Snapshot probe(Instant now) {
    long ms = timeout.toMillis();
    try {
      int brokers = admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size();
      TopicDescription description = admin.describeTopics(Set.of(topic)).topicNameValues().get(topic)
          .get(ms, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
          .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(request).all().get(ms, TimeUnit.MILLISECONDS);
      Map<Integer, Long> endOffsets = ends.entrySet().stream()
          .collect(Collectors.toUnmodifiableMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
      return new Snapshot(true, brokers + " broker(s), " + endOffsets.size() + " partition(s) of " + topic,
          endOffsets, now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Snapshot(false, "interrupted", Map.of(), now);
    } catch (TimeoutException e) {
      return new Snapshot(false, "no answer within " + ms + " ms", Map.of(), now);
    } catch (ExecutionException e) {
      // The cause can name brokers and principals: the log gets it, /health/ready only says what failed.
      LOG.warn("Kafka probe of {} failed: {}", topic, e.getCause().toString());
      return new Snapshot(false, "Kafka did not answer the probe", Map.of(), now);
    }
  }
}
