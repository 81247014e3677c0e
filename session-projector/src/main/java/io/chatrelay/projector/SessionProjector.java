package io.chatrelay.projector;

import io.chatrelay.kit.Health;
import io.chatrelay.kit.HealthCheck;
import io.chatrelay.kit.Metrics;
import io.chatrelay.kit.OpsServer;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.kit.Closer;
import io.chatrelay.projector.internal.ViewRecovery;
import io.chatrelay.views.redis.ViewApplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running projector: Kafka Streams applying {@code chat-messages} to the Redis views, plus its ops endpoints.
 * The constructor starts everything; {@link #close()} stops it, writing what is buffered before the last commit.
 */
public final class SessionProjector implements AutoCloseable {

  public static final String SERVICE = "session-projector";
  static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(SessionProjector.class);

  private final Closer closer = new Closer();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Health health = new Health();
  private final ViewApplier applier;
  private final KafkaStreams streams;
  private final OpsServer ops;

  public SessionProjector(ProjectorConfig config) {
    this(config, Clock.systemUTC());
  }

  public SessionProjector(ProjectorConfig config, Clock clock) {
    LOG.info("starting {} with {}", SERVICE, config);
    try {
      PrometheusMeterRegistry registry = Metrics.newRegistry(SERVICE);
      closer.register(registry::close);
      ensureTopic(config);
      applier = closer.register(ViewApplier.following(config.redisUrl(), config.viewKeys()));
      ViewRecovery recovery = closer.register(new ViewRecovery(config.redisUrl(), config.viewKeys(), applier,
          config.kafka(), config.batchSize(), clock));
      streams = createStreams(config, registry, clock, recovery);
      health.register("redis", () -> applier.ping()
          ? HealthCheck.Status.up("PING ok") : HealthCheck.Status.down("Redis does not answer PING"));
      health.register("streams", () -> streamsStatus(streams.state()));
      streams.start();
      ops = closer.register(OpsServer.start(config.opsHost(), config.opsPort(), health, registry));
    } catch (RuntimeException e) {
      closeQuietly(e);
      throw e;
    }
  }

  private KafkaStreams createStreams(ProjectorConfig config, PrometheusMeterRegistry registry, Clock clock,
      ViewRecovery recovery) {
    KafkaStreams created = new KafkaStreams(
        ProjectorTopology.build(config, applier, registry, clock, closed::get, recovery), config.streamsProperties());
    // Registered before the metrics binder so the binder is closed first.
    closer.register(() -> closeStreams(created));
    closer.register(new KafkaStreamsMetrics(created)).bindTo(registry);
    Counter replaced = Counter.builder("projector.stream.threads.replaced")
        .description("stream threads that failed and were replaced").register(registry);
    created.setUncaughtExceptionHandler(e -> {
      if (closed.get()) {
        // A task gave up waiting for Redis because we are stopping; its offsets stay uncommitted.
        LOG.info("stream thread of {} stopped during shutdown: {}", config.applicationId(), e.getMessage());
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
      // Unexpected failure: nothing past Redis was committed, so a fresh thread resumes safely.
      LOG.error("stream thread of {} failed; replacing it", config.applicationId(), e);
      replaced.increment();
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    created.setStateListener((now, before) ->
        LOG.info("{} streams state {} -> {}", config.applicationId(), before, now));
    return created;
  }

  private static void ensureTopic(ProjectorConfig config) {
    try (Admin admin = Admin.create(config.kafka().admin(config.applicationId() + "-bootstrap"))) {
      TopicBootstrap.ensureChatMessages(admin, config.kafka().partitions(), TOPIC_TIMEOUT);
    }
  }

  private static HealthCheck.Status streamsStatus(KafkaStreams.State state) {
    return state == KafkaStreams.State.RUNNING
        ? HealthCheck.Status.up("RUNNING") : HealthCheck.Status.down("Kafka Streams is " + state);
  }

  /**
   * Leaves the consumer group on the way out: otherwise a restarted projector waits out the old member's session
   * timeout (45 s by default) before it gets its partitions back, and writes no views meanwhile.
   */
  private static void closeStreams(KafkaStreams streams) {
    if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT))) {
      LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
    }
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Readiness as {@code /health/ready} reports it. */
  public Health.Report ready() {
    return health.ready();
  }

  public int opsPort() {
    return ops.port();
  }

  private void closeQuietly(RuntimeException cause) {
    closed.set(true);
    try {
      closer.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LOG.info("stopping {}", SERVICE);
      closer.close();
    }
  }
}
