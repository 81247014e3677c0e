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
 * Appends the edge's events to {@code chat-messages}, key = sessionId, through two shared producers: one that gives
 * up on a write when its client is answered 503 (so a refused write without a client id is not stored behind the
 * client's back), and one that keeps a write with a client id until the cluster has decided it. A write
 * counts only once the brokers acknowledged it; until then the client is told nothing succeeded.
 */
public final class ChatLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChatLog.class);
  /** Seconds a client should wait before retrying a write the log did not take. */
  public static final long RETRY_AFTER_SECONDS = 5;
  /**
   * How long the producer of writes with a client id keeps one before giving up on it: longer than a Kafka cluster takes to decide
   * a write held up by a failed broker (it fences the broker within {@code broker.session.timeout.ms}, 9 s, and
   * drops a lagging replica from the in-sync set within {@code replica.lag.time.max.ms}, 30 s, by default). Given
   * up sooner, a write may still be stored afterwards, and a resend would not find it yet and store a second copy.
   */
  public static final Duration DECIDED_WITHIN = Duration.ofSeconds(45);

  private final Producer<String, ChatEvent> producer;
  private final Producer<String, ChatEvent> untilDecided;
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
   * @param producer for {@link #append}: its delivery timeout below {@code guard}, so it has given up on a write by
   *     the time the client hears 503
   * @param untilDecided for {@link #appendUntilDecided}: its delivery timeout {@link #DECIDED_WITHIN}
   * @param guard the longest a client waits for {@link #append}
   */
  public ChatLog(Producer<String, ChatEvent> producer, Producer<String, ChatEvent> untilDecided, Duration guard,
      EdgeMetrics metrics) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.untilDecided = Objects.requireNonNull(untilDecided, "untilDecided");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Sends the event; completes with its position once acknowledged, or fails with a 503 {@link Problem}. May block
   * up to the producer's {@code max.block.ms} while the cluster is unknown, so call it from a worker thread.
   */
  public CompletableFuture<Ack> append(ChatEvent event) {
    return append(producer, event, guard);
  }

  /**
   * Like {@link #append}, but completes only once the producer has decided (within {@link #DECIDED_WITHIN}), for a
   * caller that answers its client sooner by itself and must still learn whether the write was stored.
   */
  public CompletableFuture<Ack> appendUntilDecided(ChatEvent event) {
    return append(untilDecided, event, DECIDED_WITHIN.plusSeconds(1));
  }

  private CompletableFuture<Ack> append(Producer<String, ChatEvent> producer, ChatEvent event, Duration guard) {
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
      try {
        untilDecided.close(Duration.ofSeconds(5));
      } finally {
        producer.close(Duration.ofSeconds(5));
      }
    }
  }
}
