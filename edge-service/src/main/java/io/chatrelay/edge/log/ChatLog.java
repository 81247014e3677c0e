package io.chatrelay.edge.log;

import io.chatrelay.edge.api.EdgeMetrics;
import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.Problems;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the edge's events to {@code chat-messages}, key = sessionId, through the one shared producer. A write
 * counts only once the brokers acknowledged it; until then the client is told nothing succeeded.
 */
public final class ChatLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChatLog.class);
  /** Seconds a client should wait before retrying a write the log did not take. */
  public static final long RETRY_AFTER_SECONDS = 5;

  private final Producer<String, ChatEvent> producer;
  private final Duration guard;
  private final EdgeMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Where an acknowledged event landed; {@code offset} is the message's {@code seq}. */
  public record Ack(int partition, long offset) {

    @Override
    public String toString() {
      return Topics.CHAT_MESSAGES.name() + "-" + partition + "@" + offset;
    }
  }

  /**
   * @param guard the longest a write may stay unanswered; slightly above the producer's own delivery timeout so the
   *     producer normally decides, but a request can never hang on it
   */
  public ChatLog(Producer<String, ChatEvent> producer, Duration guard, EdgeMetrics metrics) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Sends the event; completes with its position once acknowledged, or fails with a 503 {@link Problem}. May block
   * up to the producer's {@code max.block.ms} while the cluster is unknown, so call it from a worker thread.
   */
  public CompletableFuture<Ack> append(ChatEvent event) {
    CompletableFuture<Ack> acked = new CompletableFuture<>();
    Timer.Sample sample = metrics.start();
    try {
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), event.sessionId(), event), (meta, error) -> {
        if (error == null) {
          acked.complete(new Ack(meta.partition(), meta.offset()));
        } else {
          acked.completeExceptionally(error);
        }
      });
    } catch (SerializationException e) {
      acked.completeExceptionally(new IllegalStateException("event " + event.eventId() + " cannot be written", e));
    } catch (KafkaException | IllegalStateException e) {
      // Metadata timeout (broker unreachable) or a closing producer: retriable from the client's point of view.
      acked.completeExceptionally(e);
    }
    return acked.orTimeout(guard.toMillis(), TimeUnit.MILLISECONDS).handle((ack, error) -> {
      if (error == null) {
        metrics.produce(sample, "acked");
        LOG.debug("appended {} sessionId={} at {}", event.type(), event.sessionId(), ack);
        return ack;
      }
      metrics.produce(sample, "failed");
      throw refusal(event, Problems.unwrap(error));
    });
  }

  private static RuntimeException refusal(ChatEvent event, Throwable cause) {
    if (cause instanceof IllegalStateException && cause.getCause() instanceof SerializationException) {
      LOG.error("cannot serialise {} sessionId={}", event.type(), event.sessionId(), cause);
      return Problem.internal();
    }
    String why = cause instanceof TimeoutException ? "no acknowledgement within the guard time"
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    LOG.warn("chat log did not take {} sessionId={}: {}", event.type(), event.sessionId(), why);
    return Problem.unavailable("The chat log is not reachable right now, so nothing was saved. Please retry.",
        RETRY_AFTER_SECONDS);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
