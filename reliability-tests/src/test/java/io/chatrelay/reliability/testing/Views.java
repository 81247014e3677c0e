package io.chatrelay.reliability.testing;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.testing.ViewPositions;
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

  /**
   * Waits until the log stopped growing for a moment and the views have applied all of it; returns how long that
   * took.
   */
  public static long awaitQuietAndCaughtUp(ReliabilityStack stack, Duration atMost) {
    long start = System.nanoTime();
    Map<Integer, Long>[] last = new Map[1];
    Awaitility.await("views caught up with a quiet log").atMost(atMost).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions().until(() -> {
          Map<Integer, Long> ends = ChatLogTail.endOffsets(stack.bootstrapServers());
          boolean quiet = ends.equals(last[0]);
          last[0] = ends;
          // A client per look: Redis may have been killed and restarted since the last one.
          try (RedisClient redis = RedisClient.create(URI.create(stack.redisUrl()))) {
            return quiet && new ViewPositions(redis, stack.viewKeys()).cover(ends);
          }
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
