package io.chatrelay.projector.internal;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.views.redis.LoggedEvent;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each record of {@code chat-messages} with its position and hands it to the task's {@link ViewStore}.
 * Values arrive as bytes and are parsed here, so a record that is not a chat event still reaches the store and
 * moves the position (a deserialization handler would drop it before the processor).
 */
public final class ProjectingProcessor implements Processor<String, byte[], Void, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectingProcessor.class);
  /** How often a task checks that Redis still holds its views (one HGET). */
  static final Duration RECOVERY_CHECK = Duration.ofSeconds(1);

  private final String storeName;
  private final Duration flushInterval;
  private ViewStore store;
  private ProcessorContext<Void, Void> context;
  private Cancellable flushTimer;

  public ProjectingProcessor(String storeName, Duration flushInterval) {
    this.storeName = storeName;
    this.flushInterval = flushInterval;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    // Wall-clock: a partition without traffic must get its views back too.
    context.schedule(RECOVERY_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> store.recoverIfLost());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata()
        .orElseThrow(() -> new IllegalStateException("record without a position"));
    store.add(read(record.value(), meta));
    if (store.hasPending() && flushTimer == null) {
      // Wall-clock, not stream time: with light traffic stream time stands still, and a user is waiting. Armed only
      // while events wait, so an idle task costs its thread nothing every few milliseconds.
      flushTimer = context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flushTrailing());
    }
  }

  private void flushTrailing() {
    store.flushIfDue();
    if (!store.hasPending()) {
      flushTimer.cancel();
      flushTimer = null;
    }
  }

  static LoggedEvent read(byte[] value, RecordMetadata meta) {
    try {
      return LoggedEvent.of(ChatEventSerde.fromBytes(value), meta.partition(), meta.offset());
    } catch (SerializationException e) {
      LoggedEvent skipped = LoggedEvent.unreadable(meta.partition(), meta.offset());
      // The parser's message can quote the record's content, so only its kind is logged.
      Throwable why = e.getCause() == null ? e : e.getCause();
      LOG.warn("skipping record at {} that is not a chat event ({} bytes, {})", skipped.where(),
          value == null ? 0 : value.length, why.getClass().getSimpleName());
      return skipped;
    }
  }
}
