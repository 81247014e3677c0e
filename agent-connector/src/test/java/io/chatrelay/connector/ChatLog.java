package io.chatrelay.connector;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.TopicBootstrap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The conversation log as a test sees it: writes events the way the edge does (keyed by session) and reads
 * everything appended since it was opened, in the order it arrives.
 */
final class ChatLog implements AutoCloseable {

  private static final String TOPIC = Topics.CHAT_MESSAGES.name();

  private final KafkaSettings kafka;
  private final KafkaProducer<String, ChatEvent> producer;
  private final KafkaConsumer<String, ChatEvent> reader;
  private final List<ConsumerRecord<String, ChatEvent>> seen = new ArrayList<>();
  private final Map<UUID, RecordMetadata> written = new ConcurrentHashMap<>();

  ChatLog(String bootstrapServers) {
    kafka = KafkaSettings.of(bootstrapServers);
    try (Admin admin = Admin.create(kafka.admin("it-admin"))) {
      TopicBootstrap.ensureChatMessages(admin, Topics.DEFAULT_PARTITIONS, Duration.ofSeconds(30));
    }
    producer = new KafkaProducer<>(kafka.reliableProducer("it-edge"), new StringSerializer(), new ChatEventSerde());
    reader = new KafkaConsumer<>(kafka.consumer("it-reader", null), new StringDeserializer(), new ChatEventSerde());
    List<TopicPartition> partitions = reader.partitionsFor(TOPIC).stream()
        .map(p -> new TopicPartition(TOPIC, p.partition())).collect(Collectors.toList());
    reader.assign(partitions);
    reader.seekToEnd(partitions);
    partitions.forEach(reader::position);
  }

  RecordMetadata send(ChatEvent event) {
    try {
      RecordMetadata metadata =
          producer.send(new ProducerRecord<>(TOPIC, event.sessionId(), event)).get(10, TimeUnit.SECONDS);
      written.put(event.eventId(), metadata);
      return metadata;
    } catch (Exception e) {
      throw new IllegalStateException("cannot write " + event.type() + " to " + TOPIC, e);
    }
  }

  SessionCreated openSession(String sessionId, AgentType persona) {
    SessionCreated created = SessionCreated.of(sessionId, "user-" + sessionId, Instant.now(),
        new SessionMetadata(persona, "it", null));
    send(created);
    return created;
  }

  UserMessage say(String sessionId, String content) {
    UserMessage message = UserMessage.of(sessionId, "user-" + sessionId, Instant.now(), null, content, Map.of());
    send(message);
    return message;
  }

  /**
   * A user message written as a standard Kafka tool writes it: the event's JSON with no {@code event-type} header.
   */
  UserMessage sayWithoutHeaders(String sessionId, String content) {
    UserMessage message = UserMessage.of(sessionId, "user-" + sessionId, Instant.now(), null, content, Map.of());
    try (KafkaProducer<String, byte[]> tool = new KafkaProducer<>(kafka.reliableProducer("it-tool"),
        new StringSerializer(), new ByteArraySerializer())) {
      tool.send(new ProducerRecord<>(TOPIC, sessionId, ChatEventSerde.toBytes(message))).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write a header-less user message to " + TOPIC, e);
    }
    return message;
  }

  /** Where an event this log wrote landed. */
  RecordMetadata positionOf(ChatEvent event) {
    return written.get(event.eventId());
  }

  /** Everything read so far, after one more poll, in arrival order. */
  synchronized List<ConsumerRecord<String, ChatEvent>> records() {
    reader.poll(Duration.ofMillis(100)).forEach(seen::add);
    return List.copyOf(seen);
  }

  /** The events of these sessions of the given type, in arrival order. */
  <T extends ChatEvent> List<T> events(Class<T> type, String... sessionIds) {
    Set<String> sessions = Set.of(sessionIds);
    return records().stream().map(ConsumerRecord::value)
        .filter(e -> sessions.contains(e.sessionId()) && type.isInstance(e))
        .map(type::cast)
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    reader.close(Duration.ofSeconds(5));
  }
}
