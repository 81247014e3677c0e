package io.chatrelay.analytics;

import io.chatrelay.analytics.internal.ThreadFailures;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.Closer;
import io.chatrelay.kit.Health;
import io.chatrelay.kit.HealthCheck;
import io.chatrelay.kit.Metrics;
import io.chatrelay.kit.OpsServer;
import io.chatrelay.kit.TopicBootstrap;
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
 * The running analytics job: Kafka Streams from {@code chat-messages} to {@code chat-analytics}, plus its ops
 * endpoints. The constructor creates the output topic when missing and starts everything; {@link #close()} stops it.
 */
public final class ChatAnalytics implements AutoCloseable {

  public static final String SERVICE = "chat-analytics";
  static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ChatAnalytics.class);

  private final Closer closer = new Closer();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Health health = new Health();
  private final KafkaStreams streams;
  private final OpsServer ops;

  public ChatAnalytics(AnalyticsConfig config) {
    this(config, Clock.systemUTC());
  }

  public ChatAnalytics(AnalyticsConfig config, Clock clock) {
    LOG.info("starting {} with {}", SERVICE, config);
    ThreadFailures failures = new ThreadFailures(clock);
    try {
      PrometheusMeterRegistry registry = Metrics.newRegistry(SERVICE);
      closer.register(registry::close);
      ensureTopics(config);
      streams = new KafkaStreams(AnalyticsTopology.build(config), config.streamsProperties());
      closer.register(() -> {
        // Leaving the group lets a restarted job take its partitions back at once, not after a session timeout.
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT))) {
          LOG.warn("Kafka Streams of {} did not stop within {}", config.applicationId(), CLOSE_TIMEOUT);
        }
      });
      closer.register(new KafkaStreamsMetrics(streams)).bindTo(registry);
      streams.setUncaughtExceptionHandler(e -> {
        // Exactly-once: the failed thread's transaction is aborted, so a fresh thread recounts nothing twice.
        LOG.error("stream thread of {} failed; replacing it", config.applicationId(), e);
        failures.record(e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      });
      streams.setStateListener((now, before) ->
          LOG.info("{} streams state {} -> {}", config.applicationId(), before, now));
      health.register("streams", () -> failures.failing().map(HealthCheck.Status::down).orElseGet(() ->
          streams.state() == KafkaStreams.State.RUNNING
              ? HealthCheck.Status.up("RUNNING") : HealthCheck.Status.down("Kafka Streams is " + streams.state())));
      streams.start();
      ops = closer.register(OpsServer.start(config.opsHost(), config.opsPort(), health, registry));
    } catch (RuntimeException e) {
      closed.set(true);
      try {
        closer.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void ensureTopics(AnalyticsConfig config) {
    try (Admin admin = Admin.create(config.kafka().admin(config.applicationId() + "-bootstrap"))) {
      TopicBootstrap.ensureChatMessages(admin, config.kafka().partitions(), TOPIC_TIMEOUT);
      TopicBootstrap.ensure(admin, Topics.CHAT_ANALYTICS, Topics.CHAT_ANALYTICS_PARTITIONS,
          Topics.chatAnalyticsConfig(), TOPIC_TIMEOUT);
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

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LOG.info("stopping {}", SERVICE);
      closer.close();
    }
  }
}
