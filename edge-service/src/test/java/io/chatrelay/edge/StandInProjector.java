package io.chatrelay.edge;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.MessageViews;
import io.chatrelay.views.SessionFields;
import io.chatrelay.views.ViewKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import redis.clients.jedis.RedisClient;

/**
 * Stands in for the session projector in this module's tests (the edge must not depend on the projector): it
 * applies the log's session and message events (agent replies included) to Redis in the documented
 * {@link ViewKeys} layout, then advances {@link ViewKeys#positions()} and publishes them, as the projector does after
 * each batch. It is deliberately minimal; end-to-end tests with the real projector live in relay-launcher.
 *
 * <p>It starts at the end of the log and records that position for every partition, as a caught-up projector
 * would. Tests can delay it (to prove the edge waits), pause it (to see the wait time out) or keep it from
 * publishing (to prove the edge's fallback poll).
 */
final class StandInProjector implements AutoCloseable {

  private final KafkaConsumer<String, ChatEvent> consumer;
  private final RedisClient redis;
  private final ViewKeys keys;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean paused;
  private volatile boolean publish = true;
  private volatile Duration delay = Duration.ZERO;

  StandInProjector(String bootstrapServers, String redisUrl, ViewKeys keys) {
    this.keys = keys;
    this.redis = RedisClient.create(java.net.URI.create(redisUrl));
    this.consumer = new KafkaConsumer<>(KafkaSettings.of(bootstrapServers).consumer("stand-in-projector", null),
        Topics.CHAT_MESSAGES.keySerde().deserializer(), Topics.CHAT_MESSAGES.valueSerde().deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHAT_MESSAGES.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    Map<String, String> start = new HashMap<>();
    partitions.forEach(tp -> start.put(Integer.toString(tp.partition()), Long.toString(consumer.position(tp))));
    redis.hset(keys.positions(), start);
    this.thread = new Thread(this::run, "stand-in-projector");
    thread.setDaemon(true);
    thread.start();
  }

  void pause(boolean pause) {
    this.paused = pause;
  }

  void publishPositions(boolean publish) {
    this.publish = publish;
  }

  void delayEachBatch(Duration delay) {
    this.delay = delay;
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<String, ChatEvent> records = consumer.poll(Duration.ofMillis(50));
        if (!records.isEmpty()) {
          Thread.sleep(delay.toMillis());
          // Records polled while paused are held back, not applied, until the test resumes the projector.
          while (paused && running) {
            Thread.sleep(20);
          }
          records.forEach(this::apply);
          advancePositions(records);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void advancePositions(ConsumerRecords<String, ChatEvent> records) {
    Map<String, String> next = records.partitions().stream().collect(Collectors.toMap(
        tp -> Integer.toString(tp.partition()),
        tp -> Long.toString(records.records(tp).get(records.records(tp).size() - 1).offset() + 1)));
    redis.hset(keys.positions(), next);
    if (publish) {
      redis.publish(keys.positions(), next.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
          .collect(Collectors.joining(",")));
    }
  }

  private void apply(ConsumerRecord<String, ChatEvent> record) {
    ChatEvent event = record.value();
    String at = event.occurredAt().toString();
    String session = keys.session(event.sessionId());
    if (event instanceof SessionCreated created) {
      redis.hset(session, Map.of(SessionFields.ID, event.sessionId(), SessionFields.USER_ID, event.userId(),
          SessionFields.CREATED_AT, at, SessionFields.UPDATED_AT, at, SessionFields.STATUS,
          SessionFields.STATUS_ACTIVE, SessionFields.AGENT_TYPE, created.metadata().agentType().name(),
          SessionFields.MESSAGE_COUNT, "0", SessionFields.LAST_ACTIVITY, at, SessionFields.LAST_SEQ,
          Long.toString(record.offset())));
      redis.zadd(keys.userSessions(event.userId()), event.occurredAt().toEpochMilli(), event.sessionId());
    } else if (MessageViews.of(event, record.offset()).isPresent()) {
      // User messages, agent replies and agent errors are all part of the history.
      MessageViews.of(event, record.offset())
          .ifPresent(view -> redis.zadd(keys.messages(event.sessionId()), record.offset(), view.toJson()));
      redis.hincrBy(session, SessionFields.MESSAGE_COUNT, 1);
      redis.hset(session, Map.of(SessionFields.UPDATED_AT, at, SessionFields.LAST_ACTIVITY, at));
      redis.zadd(keys.userSessions(event.userId()), event.occurredAt().toEpochMilli(), event.sessionId());
    } else if (event instanceof SessionDeleted) {
      redis.hset(session, SessionFields.STATUS, SessionFields.STATUS_DELETED);
      redis.zrem(keys.userSessions(event.userId()), event.sessionId());
      redis.del(keys.messages(event.sessionId()));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
    redis.close();
  }
}
