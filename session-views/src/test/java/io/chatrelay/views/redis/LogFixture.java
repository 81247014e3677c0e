package io.chatrelay.views.redis;

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
import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import redis.clients.jedis.RedisClient;

/** A topic of its own shaped like chat-messages, a producer for it, Redis, and readers over it. */
final class LogFixture implements AutoCloseable {

  static final int PARTITIONS = 3;

  final RelayInfra infra;
  final String topic;
  final KafkaSettings kafka;
  final RedisClient redis;
  private final KafkaProducer<String, ChatEvent> producer;
  private final KafkaProducer<String, byte[]> rawProducer;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private Instant clock = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  LogFixture(RelayInfra infra) {
    this.infra = infra;
    this.topic = infra.createTopic(infra.uniqueName("chat-messages"), PARTITIONS);
    this.kafka = KafkaSettings.of(infra.bootstrapServers());
    this.producer = new KafkaProducer<>(kafka.reliableProducer("views-it"), new StringSerializer(),
        Topics.CHAT_MESSAGES.valueSerde().serializer());
    this.rawProducer = new KafkaProducer<>(kafka.reliableProducer("views-it-raw"), new StringSerializer(),
        new ByteArraySerializer());
    this.redis = RedisClient.create(URI.create(infra.redisUrl()));
  }

  LogReader reader() {
    LogReader reader = new LogReader(kafka, "views-it-reader", topic);
    owned.add(reader);
    return reader;
  }

  ViewKeys keys(String name) {
    return new ViewKeys(infra.uniqueName(name) + ":");
  }

  Instant nextInstant() {
    clock = clock.plusMillis(1);
    return clock;
  }

  SessionCreated created(String sessionId, String userId) {
    return SessionCreated.of(sessionId, userId, nextInstant(), new SessionMetadata(AgentType.BankRep, "it", null));
  }

  UserMessage message(String sessionId, String userId, String content) {
    return UserMessage.of(sessionId, userId, nextInstant(), null, content, Map.of());
  }

  AgentReply reply(UserMessage question, String content) {
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, question.sessionId(), question.userId(),
        nextInstant(), question.eventId(), "agent-1", content, new AgentMetadata(AgentType.BankRep, 0.5, 10L));
  }

  RecordMetadata send(ChatEvent event) {
    return get(producer.send(new ProducerRecord<>(topic, event.sessionId(), event)));
  }

  /** Sends with an explicit record timestamp, as if written at {@code writtenAt}. */
  RecordMetadata sendAt(ChatEvent event, Instant writtenAt) {
    return get(producer.send(new ProducerRecord<>(topic, null, writtenAt.toEpochMilli(), event.sessionId(), event)));
  }

  RecordMetadata sendRaw(String key, byte[] value) {
    return get(rawProducer.send(new ProducerRecord<>(topic, key, value)));
  }

  /** A short conversation: created, then {@code questions} questions each with its answer. */
  List<RecordMetadata> conversation(String sessionId, String userId, int questions) {
    List<RecordMetadata> out = new ArrayList<>();
    out.add(send(created(sessionId, userId)));
    for (int i = 0; i < questions; i++) {
      UserMessage question = message(sessionId, userId, "question " + i);
      out.add(send(question));
      out.add(send(reply(question, "answer " + i)));
    }
    return out;
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
  public void close() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
    producer.close();
    rawProducer.close();
    redis.close();
  }
}
