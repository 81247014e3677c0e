package io.chatrelay.edge;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes what the agent connector would: replies, errors and statuses, straight into {@code chat-messages} (the
 * edge's tests cannot depend on the connector).
 */
final class AgentSide implements AutoCloseable {

  private final KafkaProducer<String, ChatEvent> producer;

  AgentSide(String bootstrapServers) {
    this.producer = new KafkaProducer<>(KafkaSettings.of(bootstrapServers).reliableProducer("edge-it-agent"),
        new StringSerializer(), new ChatEventSerde());
  }

  /** Replies to the user message with event id {@code inReplyTo}; returns the reply's seq. */
  long reply(String sessionId, String userId, String inReplyTo, String content) {
    return publish(new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, sessionId, userId, now(),
        UUID.fromString(inReplyTo), "agent-" + UUID.randomUUID(), content,
        new AgentMetadata(AgentType.BankRep, 0.9, 5L)));
  }

  long error(String sessionId, String userId, String inReplyTo, String code, String content) {
    return publish(new AgentError(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, sessionId, userId, now(),
        UUID.fromString(inReplyTo), code, content, AgentType.BankRep));
  }

  long status(String sessionId, String userId, String status, String content) {
    return publish(new AgentStatus(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, sessionId, userId, now(), status,
        content, AgentType.BankRep));
  }

  /**
   * Sends {@code count} replies (each to a different message, so each is shown) without waiting for each, then
   * waits until the log has them all.
   */
  void replies(String sessionId, String userId, String content, int count) {
    for (int i = 0; i < count; i++) {
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), sessionId, new AgentReply(UUID.randomUUID(),
          ChatEvent.SCHEMA_VERSION, sessionId, userId, now(), UUID.randomUUID(), "agent-" + i, content, null)));
    }
    producer.flush();
  }

  long publish(ChatEvent event) {
    try {
      return producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), event.sessionId(), event))
          .get(15, TimeUnit.SECONDS).offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish " + event.type(), e);
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void close() {
    producer.close();
  }
}
