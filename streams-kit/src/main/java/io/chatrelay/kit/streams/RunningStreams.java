package io.chatrelay.kit.streams;

import io.chatrelay.kit.Health;
import io.chatrelay.kit.HealthCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams application run the way every stream service here runs one: its state changes logged, its metrics
 * in the service's registry, a failed stream thread replaced and counted, readiness that notices a thread failing
 * again and again, and a close that leaves the group. Constructing it starts the streams.
 *
 * <p>Replacing a failed thread is safe only where the service commits nothing a fresh thread would redo wrongly;
 * each service says why that holds for it.
 */
public final class RunningStreams implements AutoCloseable {

  /** How long closing waits for the stream threads to finish their work and commit. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(RunningStreams.class);

  private final KafkaStreams streams;
  private final String applicationId;
  private final KafkaStreamsMetrics metrics;
  private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
  private final ThreadFailures failures;

  /**
   * @param metricPrefix names the counter of replaced threads, {@code <prefix>.stream.threads.replaced}
   * @param stopping true once the service is shutting down: a thread that fails then (a task giving up because it
   *     is being stopped) ends the streams instead of being replaced
   */
  public RunningStreams(KafkaStreams streams, String applicationId, String metricPrefix, MeterRegistry registry,
      Clock clock, BooleanSupplier stopping) {
    this.streams = Objects.requireNonNull(streams, "streams");
    this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stopping, "stopping");
    this.failures = new ThreadFailures(clock);
    this.metrics = new KafkaStreamsMetrics(streams);
    try {
      metrics.bindTo(registry);
      start(metricPrefix, registry, stopping);
    } catch (RuntimeException e) {
      // The caller never gets an instance to close: release the streams' clients here.
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void start(String metricPrefix, MeterRegistry registry, BooleanSupplier stopping) {
    Counter replaced = Counter.builder(metricPrefix + ".stream.threads.replaced")
        .description("stream threads that failed and were replaced").register(registry);
    streams.setUncaughtExceptionHandler(e -> {
      if (stopping.getAsBoolean()) {
        LOG.info("stream thread of {} stopped during shutdown: {}", applicationId, e.getMessage());
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
      LOG.error("stream thread of {} failed; replacing it", applicationId, e);
      replaced.increment();
      failures.record(e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      LOG.info("{} streams state {} -> {}", applicationId, before, now);
      if (now == KafkaStreams.State.ERROR && !stopping.getAsBoolean()) {
        // Every stream thread is gone and none will be replaced: the service reads nothing any more.
        fatal.complete(new IllegalStateException("Kafka Streams of " + applicationId + " stopped in state ERROR"));
      }
    });
    streams.start();
  }

  /**
   * Reports on {@code health}: readiness as the check {@code streams} ({@link #status()}), and liveness down for good
   * once the streams stopped by themselves.
   */
  public void reportTo(Health health) {
    health.register("streams", this::status);
    fatal.thenAccept(cause -> health.markNotLive("Kafka Streams stopped (see the service log)"));
  }

  /** Completes when the streams stopped by themselves (state {@code ERROR}), never when closed. */
  public CompletionStage<Throwable> fatalFailure() {
    return fatal;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Readiness: up while RUNNING, down otherwise, and down while the threads keep failing (between two failures
   * the state alone would read RUNNING again).
   */
  public HealthCheck.Status status() {
    return failures.failing().map(HealthCheck.Status::down).orElseGet(() ->
        streams.state() == KafkaStreams.State.RUNNING
            ? HealthCheck.Status.up("RUNNING") : HealthCheck.Status.down("Kafka Streams is " + streams.state()));
  }

  /**
   * Leaves the consumer group on the way out: otherwise a restarted instance waits out the old member's session
   * timeout (45 s by default) before it gets its partitions back, and does nothing meanwhile.
   */
  @Override
  public void close() {
    metrics.close();
    if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT))) {
      LOG.warn("Kafka Streams of {} did not stop within {}", applicationId, CLOSE_TIMEOUT);
    }
  }
}
