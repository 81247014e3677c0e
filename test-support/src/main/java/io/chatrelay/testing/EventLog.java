package io.chatrelay.testing;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to a topic shaped like {@code chat-messages} the way the edge does: keyed by session, with a producer whose
 * acknowledged writes survive (idempotent, {@code acks=all}). Every send waits for its acknowledgement, so a test
 * knows where each record landed and that it is in the log before it looks at what reads the log.
 *
 * <p>The producer is configured here rather than by service-kit's {@code KafkaSettings}: service-kit's own tests use
 * this module, so depending on it would make a cycle. What a test relies on is kept: acknowledged writes are durable
 * and a session's records stay in the order sent.
 */
public final class EventLog implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<String, ChatEvent> producer;
  private final KafkaProducer<String, byte[]> rawProducer;

  /** @param topic an existing topic with the key and value format of {@code chat-messages} */
  public EventLog(String bootstrapServers, String topic) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(reliableProducer(bootstrapServers, topic + "-it"), new StringSerializer(),
        Topics.CHAT_MESSAGES.valueSerde().serializer());
    this.rawProducer = new KafkaProducer<>(reliableProducer(bootstrapServers, topic + "-it-raw"),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** The product's own {@code chat-messages}, which the caller has made sure exists. */
  public static EventLog chatMessages(String bootstrapServers) {
    return new EventLog(bootstrapServers, Topics.CHAT_MESSAGES.name());
  }

  public String topic() {
    return topic;
  }

  public RecordMetadata send(ChatEvent event) {
    return await(producer.send(new ProducerRecord<>(topic, event.sessionId(), event)));
  }

  /** Sends each in turn; returns where each landed, in the same order. */
  public List<RecordMetadata> sendAll(List<? extends ChatEvent> events) {
    List<RecordMetadata> out = new ArrayList<>();
    for (ChatEvent event : events) {
      out.add(send(event));
    }
    return out;
  }

  /** Sends with an explicit record timestamp, as if written at {@code writtenAt}. */
  public RecordMetadata sendAt(ChatEvent event, Instant writtenAt) {
    return await(producer.send(new ProducerRecord<>(topic, null, writtenAt.toEpochMilli(), event.sessionId(), event)));
  }

  /** Sends with the record timestamp equal to the event's time, as a writer at that time would have. */
  public RecordMetadata sendAsWritten(ChatEvent event) {
    return sendAt(event, event.occurredAt());
  }

  /** Sends bytes that need not be an event at all, as a broken or foreign writer would. */
  public RecordMetadata sendRaw(String key, byte[] value) {
    return await(rawProducer.send(new ProducerRecord<>(topic, key, value)));
  }

  private RecordMetadata await(Future<RecordMetadata> sent) {
    try {
      return sent.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("send to " + topic + " failed", e.getCause());
    }
  }

  private static Properties reliableProducer(String bootstrapServers, String clientId) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    return p;
  }

  @Override
  public void close() {
    try {
      producer.close();
    } finally {
      rawProducer.close();
    }
  }
}
