package io.chatrelay.projector;

import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.TopicBootstrap;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import redis.clients.jedis.RedisClient;

/** Real clients for the projector's integration tests: a producer to chat-messages, Redis, and the admin. */
final class ProjectorFixture implements AutoCloseable {

  static final int PARTITIONS = 3;
  static final Duration WAIT = Duration.ofSeconds(30);

  final RelayInfra infra;
  final RedisClient redis;
  final Admin admin;
  private final KafkaProducer<String, ChatEvent> producer;
  private final KafkaProducer<String, byte[]> rawProducer;
  private Instant clock = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  ProjectorFixture(RelayInfra infra) {
    this.infra = infra;
    KafkaSettings kafka = KafkaSettings.of(infra.bootstrapServers());
    this.admin = Admin.create(kafka.admin("projector-it-admin"));
    TopicBootstrap.ensureChatMessages(admin, PARTITIONS, WAIT);
    this.producer = new KafkaProducer<>(kafka.reliableProducer("projector-it"), new StringSerializer(),
        Topics.CHAT_MESSAGES.valueSerde().serializer());
    this.rawProducer = new KafkaProducer<>(kafka.reliableProducer("projector-it-raw"), new StringSerializer(),
        new ByteArraySerializer());
    this.redis = RedisClient.create(URI.create(infra.redisUrl()));
  }

  Map<String, String> env(String prefix, String applicationId) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    env.put("CHAT_MESSAGES_PARTITIONS", Integer.toString(PARTITIONS));
    env.put("REDIS_URL", infra.redisUrl());
    env.put("VIEW_PREFIX", prefix);
    env.put("PROJECTOR_APPLICATION_ID", applicationId);
    env.put("PROJECTOR_OPS_PORT", "0");
    env.put("PROJECTOR_OPS_HOST", "127.0.0.1");
    env.put("PROJECTOR_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "streams").toString());
    env.put("PROJECTOR_COMMIT_INTERVAL_MS", "200");
    return env;
  }

  SessionProjector start(String prefix, String applicationId) {
    return new SessionProjector(ProjectorConfig.fromEnv(env(prefix, applicationId)));
  }

  /** A timestamp a little later than the previous one, so activity ordering is visible. */
  Instant nextInstant() {
    clock = clock.plusMillis(1);
    return clock;
  }

  SessionCreated created(String sessionId, String userId) {
    return SessionCreated.of(sessionId, userId, nextInstant(), new SessionMetadata(AgentType.BankRep, "it", null));
  }

  UserMessage message(String sessionId, String userId, String content) {
    return UserMessage.of(sessionId, userId, nextInstant(), null, content, Map.of("source", "it"));
  }

  AgentReply reply(UserMessage question, String content) {
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, question.sessionId(), question.userId(),
        nextInstant(), question.eventId(), "agent-" + UUID.randomUUID(), content,
        new AgentMetadata(AgentType.BankRep, 0.75, 42L));
  }

  RecordMetadata send(ChatEvent event) {
    return get(producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), event.sessionId(), event)));
  }

  RecordMetadata sendRaw(String key, byte[] value) {
    return get(rawProducer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), key, value)));
  }

  /** Waits until the views under {@code prefix} include the record at {@code at}. */
  void awaitApplied(String prefix, RecordMetadata at) {
    String positions = prefix + "positions";
    await().atMost(WAIT).until(() -> {
      String next = redis.hget(positions, Integer.toString(at.partition()));
      return next != null && Long.parseLong(next) > at.offset();
    });
  }

  Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      request.put(new TopicPartition(Topics.CHAT_MESSAGES.name(), p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  Map<TopicPartition, Long> committed(String applicationId) throws ExecutionException, InterruptedException {
    Map<TopicPartition, Long> out = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    offsets.forEach((tp, meta) -> {
      if (meta != null) {
        out.put(tp, meta.offset());
      }
    });
    return out;
  }

  /** Waits until the application has committed the whole log as it is now, i.e. has applied all of it. */
  void awaitCaughtUp(String applicationId) throws ExecutionException, InterruptedException {
    Map<TopicPartition, Long> end = endOffsets();
    await().atMost(WAIT).until(() -> {
      Map<TopicPartition, Long> committed = committed(applicationId);
      return end.entrySet().stream()
          .allMatch(e -> e.getValue() == 0 || committed.getOrDefault(e.getKey(), -1L) >= e.getValue());
    });
  }

  private static RecordMetadata get(java.util.concurrent.Future<RecordMetadata> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("send failed", e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
    rawProducer.close();
    admin.close();
    redis.close();
  }
}
