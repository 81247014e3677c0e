package io.chatrelay.views.redis;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.infra.junit.FixtureResolver;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.kit.Closer;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.testing.EventLog;
import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import redis.clients.jedis.RedisClient;

/**
 * A topic of its own shaped like chat-messages, so a test knows everything in it, a writer to it, Redis, and the
 * readers and appliers over them, all closed with the fixture.
 */
final class LogFixture implements AutoCloseable {

  static final int PARTITIONS = 3;

  final RelayInfra infra;
  final EventLog log;
  final RedisClient redis;
  private final KafkaSettings kafka;
  private final Closer closer = new Closer();

  LogFixture(RelayInfra infra) {
    this.infra = infra;
    this.kafka = KafkaSettings.of(infra.bootstrapServers());
    this.log = closer.register(
        new EventLog(infra.bootstrapServers(), infra.createTopic(infra.uniqueName("chat-messages"), PARTITIONS)));
    this.redis = closer.register(RedisClient.create(URI.create(infra.redisUrl())));
  }

  /** Gives each test that asks for one its own fixture, closed when the test ends. */
  static final class PerTest extends FixtureResolver<LogFixture> {
    PerTest() {
      super(LogFixture.class, LogFixture::new);
    }
  }

  LogReader reader() {
    return own(new LogReader(kafka, "views-it-reader", log.topic()));
  }

  ViewKeys keys(String name) {
    return new ViewKeys(infra.uniqueName(name) + ":");
  }

  /** The applier the projector uses: it writes where the live-prefix pointer of {@code home} says. */
  ViewApplier following(ViewKeys home) {
    return own(ViewApplier.following(infra.redisUrl(), home));
  }

  /** Closes {@code resource} with the fixture. */
  <T extends AutoCloseable> T own(T resource) {
    return closer.register(resource);
  }

  /**
   * What the projector does: applies the log to {@code views} in log order, from the offsets in {@code from} (a
   * partition's beginning where it has none) up to the end of the log now; returns that end, where to go on from.
   */
  Map<TopicPartition, Long> project(ViewApplier views, Map<TopicPartition, Long> from) {
    LogReader reader = reader();
    List<TopicPartition> partitions = reader.partitions();
    Map<TopicPartition, Long> start = new HashMap<>(reader.beginningOffsets(partitions));
    start.putAll(from);
    Map<TopicPartition, Long> end = reader.endOffsets(partitions);
    List<LoggedEvent> batch = new ArrayList<>();
    reader.read(start, end, record -> {
      batch.add(logged(record));
      return true;
    }, () -> false);
    views.apply(batch);
    return end;
  }

  private static LoggedEvent logged(ConsumerRecord<String, byte[]> record) {
    try {
      return LoggedEvent.of(ChatEventSerde.fromBytes(record.value()), record.partition(), record.offset());
    } catch (SerializationException e) {
      return LoggedEvent.unreadable(record.partition(), record.offset());
    }
  }

  @Override
  public void close() {
    closer.close();
  }
}
