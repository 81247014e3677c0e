package io.chatrelay.analytics;

import io.chatrelay.events.Topics;
import io.chatrelay.kit.Closer;
import io.chatrelay.kit.Health;
import io.chatrelay.kit.Metrics;
import io.chatrelay.kit.OpsServer;
import io.chatrelay.kit.RunningService;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.kit.TopicLayout;
import io.chatrelay.kit.streams.InternalTopics;
import io.chatrelay.kit.streams.RunningStreams;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running analytics job: Kafka Streams from {@code chat-messages} to {@code chat-analytics}, plus its ops
 * endpoints. The constructor creates the output topic when missing and starts everything; {@link #close()} stops it.
 */
public final class ChatAnalytics implements RunningService {

  public static final String SERVICE = "chat-analytics";
  static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ChatAnalytics.class);

  private final Closer closer = new Closer();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Health health = new Health();
  private final RunningStreams streams;
  private final OpsServer ops;

  public ChatAnalytics(AnalyticsConfig config) {
    this(config, Clock.systemUTC());
  }

  public ChatAnalytics(AnalyticsConfig config, Clock clock) {
    LOG.info("starting {} with {}", SERVICE, config);
    try {
      PrometheusMeterRegistry registry = Metrics.newRegistry(SERVICE);
      closer.register(registry::close);
      TopicLayout.Resolved layout = ensureTopics(config);
      // A failed stream thread is replaced: under exactly-once its transaction is aborted, so the fresh thread
      // recounts nothing twice.
      streams = closer.register(new RunningStreams(new KafkaStreams(AnalyticsTopology.build(config),
          InternalTopics.replicatedAs(config.streamsProperties(), layout)), config.applicationId(),
          "analytics", registry, clock, closed::get));
      streams.reportTo(health);
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

  /** Both topics, the figures replicated as the log is; returns the log's layout. */
  private static TopicLayout.Resolved ensureTopics(AnalyticsConfig config) {
    try (Admin admin = Admin.create(config.kafka().admin(config.applicationId() + "-bootstrap"))) {
      TopicLayout.Resolved layout = TopicBootstrap.ensureChatMessages(admin, config.kafka().chatMessages(),
          TOPIC_TIMEOUT);
      TopicBootstrap.ensure(admin, Topics.CHAT_ANALYTICS, Topics.CHAT_ANALYTICS_PARTITIONS,
          Topics.chatAnalyticsConfig(), layout, TOPIC_TIMEOUT);
      return layout;
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

  /** Completes when its streams stopped by themselves; {@code /health/live} is down from then on. */
  @Override
  public CompletionStage<Throwable> fatalFailure() {
    return streams.fatalFailure();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LOG.info("stopping {}", SERVICE);
      closer.close();
    }
  }
}
