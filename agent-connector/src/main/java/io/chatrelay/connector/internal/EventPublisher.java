package io.chatrelay.connector.internal;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaErrors;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the connector's events to {@code chat-messages}, keyed by session so they land beside the conversation.
 * A publish completes when Kafka acknowledged it. Retriable failures (the broker away longer than the producer's
 * own delivery timeout) are retried with backoff until the connector stops: the event is a user's answer, and
 * giving up would leave the message unanswered until a restart. A retry after an ambiguous timeout can write the
 * event twice; readers drop a second outcome for the same user message. {@code send} runs on a thread of its own
 * because it blocks while the producer has no metadata, and the session loop must never block.
 *
 * <p>A fatal error (credentials refused, no right to write the topic, a fenced or out-of-sequence producer, a broker
 * too old) fails every later event as well: it is reported to {@code onFatal}, which stops the connector, rather
 * than leaving it up, ready and answering nobody. Other non-retriable errors belong to the one event.
 */
public final class EventPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
  private static final int MAX_BACKOFF_STEP = 16;

  private final Producer<String, ChatEvent> producer;
  private final TaskLoop timers;
  private final Backoff backoff;
  private final ExecutorService sender;
  private final Consumer<Exception> onFatal;
  private volatile boolean closed;

  /** @param onFatal told once per fatal error (see the class comment), on the producer's thread */
  public EventPublisher(Producer<String, ChatEvent> producer, TaskLoop timers, Backoff backoff,
      Consumer<Exception> onFatal) {
    this(producer, timers, backoff, onFatal, Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "connector-publisher");
      t.setDaemon(true);
      return t;
    }));
  }

  /** @param sender where {@code send} runs; this publisher shuts it down when it closes */
  EventPublisher(Producer<String, ChatEvent> producer, TaskLoop timers, Backoff backoff,
      Consumer<Exception> onFatal, ExecutorService sender) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.onFatal = Objects.requireNonNull(onFatal, "onFatal");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /** Completes when Kafka acknowledged {@code event}; fails only on a non-retriable error or when stopped. */
  public CompletableFuture<Void> publish(ChatEvent event) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    attempt(event, 0, done);
    return done;
  }

  private void attempt(ChatEvent event, int attempt, CompletableFuture<Void> done) {
    if (closed) {
      done.completeExceptionally(new IllegalStateException("publisher stopped before " + describe(event)
          + " was written"));
      return;
    }
    try {
      sender.execute(() -> send(event, attempt, done));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("publisher stopped", e));
    }
  }

  private void send(ChatEvent event, int attempt, CompletableFuture<Void> done) {
    try {
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), event.sessionId(), event),
          (metadata, error) -> {
            if (error == null) {
              LOG.debug("published {} sessionId={} at {}-{}@{}", event.type(), event.sessionId(),
                  metadata.topic(), metadata.partition(), metadata.offset());
              done.complete(null);
            } else {
              failed(event, attempt, done, error);
            }
          });
    } catch (RuntimeException e) {
      failed(event, attempt, done, e);
    }
  }

  private void failed(ChatEvent event, int attempt, CompletableFuture<Void> done, Exception error) {
    if (!(error instanceof RetriableException) || closed) {
      LOG.error("cannot publish {} sessionId={}: {}", describe(event), event.sessionId(), error.toString());
      done.completeExceptionally(error);
      if (KafkaErrors.isFatal(error) && !closed) {
        onFatal.accept(error);
      }
      return;
    }
    Duration delay = backoff.delay(Math.min(attempt, MAX_BACKOFF_STEP));
    LOG.warn("publishing {} sessionId={} failed ({}); retry {} in {} ms", describe(event), event.sessionId(),
        error.toString(), attempt + 1, delay.toMillis());
    timers.schedule(() -> attempt(event, attempt + 1, done), delay);
  }

  private static String describe(ChatEvent event) {
    return event.type() + " " + event.eventId();
  }

  /** Stops retrying and closes the producer, waiting up to {@code timeout} for what was already sent. */
  public void close(Duration timeout) {
    closed = true;
    sender.shutdown();
    try {
      sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.shutdownNow();
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
