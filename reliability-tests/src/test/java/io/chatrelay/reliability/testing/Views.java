package io.chatrelay.reliability.testing;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.LoggedEvent;
import io.chatrelay.views.redis.ViewApplier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.awaitility.Awaitility;
import redis.clients.jedis.RedisClient;

/** What the views should look like, and waiting until they do. */
public final class Views {

  private Views() {}

  /** The end of every partition of {@code chat-messages}, by partition number. */
  public static Map<Integer, Long> logEnds(String bootstrapServers) {
    try (LogReader reader = new LogReader(KafkaSettings.of(bootstrapServers), "reliability-ends")) {
      Map<Integer, Long> out = new java.util.TreeMap<>();
      reader.endOffsets(reader.partitions()).forEach((tp, end) -> out.put(tp.partition(), end));
      return out;
    }
  }

  /** The projector's positions hash: per partition, the next offset it will apply. */
  public static Map<Integer, Long> positions(String redisUrl, ViewKeys keys) {
    try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
      Map<Integer, Long> out = new java.util.TreeMap<>();
      redis.hgetAll(keys.positions()).forEach((p, o) -> out.put(Integer.parseInt(p), Long.parseLong(o)));
      return out;
    }
  }

  /**
   * Waits until the log stopped growing for a moment and the views have applied all of it; returns how long that
   * took.
   */
  public static long awaitQuietAndCaughtUp(ReliabilityStack stack, Duration atMost) {
    long start = System.nanoTime();
    Map<Integer, Long>[] last = new Map[1];
    Awaitility.await("views caught up with a quiet log").atMost(atMost).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions().until(() -> {
          Map<Integer, Long> ends = logEnds(stack.bootstrapServers());
          Map<Integer, Long> positions = positions(stack.redisUrl(), stack.viewKeys());
          boolean quiet = ends.equals(last[0]);
          last[0] = ends;
          return quiet && ends.entrySet().stream()
              .allMatch(e -> e.getValue() == 0 || positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
    return Figures.millisSince(start);
  }

  /** Applies the whole log, as it is now, to the views under {@code keys}: what a rebuild from Kafka gives. */
  public static void rebuild(String bootstrapServers, String redisUrl, ViewKeys keys) {
    try (LogReader reader = new LogReader(KafkaSettings.of(bootstrapServers), "reliability-rebuild");
         ViewApplier applier = new ViewApplier(redisUrl, keys)) {
      List<TopicPartition> partitions = reader.partitions();
      List<LoggedEvent> batch = new ArrayList<>();
      reader.read(reader.beginningOffsets(partitions), reader.endOffsets(partitions), record -> {
        try {
          batch.add(LoggedEvent.of(ChatEventSerde.fromBytes(record.value()), record.partition(), record.offset()));
        } catch (SerializationException e) {
          batch.add(LoggedEvent.unreadable(record.partition(), record.offset()));
        }
        if (batch.size() >= 1000) {
          applier.apply(batch);
          batch.clear();
        }
        return true;
      }, () -> false);
      if (!batch.isEmpty()) {
        applier.apply(batch);
      }
    }
  }
}
