package io.chatrelay.projector;

import io.chatrelay.kit.Closer;
import io.chatrelay.kit.Health;
import io.chatrelay.kit.HealthCheck;
import io.chatrelay.kit.Metrics;
import io.chatrelay.kit.OpsServer;
import io.chatrelay.kit.RunningService;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.kit.TopicLayout;
import io.chatrelay.kit.streams.InternalTopics;
import io.chatrelay.kit.streams.RunningStreams;
import io.chatrelay.projector.internal.ViewRecovery;
import io.chatrelay.views.redis.SessionExpiry;
import io.chatrelay.views.redis.ViewApplier;
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
 * The running projector: Kafka Streams applying {@code chat-messages} to the Redis views, plus its ops endpoints.
 * The constructor starts everything; {@link #close()} stops it, writing what is buffered before the last commit.
 */
public final class SessionProjector implements RunningService {

  public static final String SERVICE = "session-projector";
  static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(SessionProjector.class);

  private final Closer closer = new Closer();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Health health = new Health();
  private final ViewApplier applier;
  private final RunningStreams streams;
  private final OpsServer ops;

  public SessionProjector(ProjectorConfig config) {
    this(config, Clock.systemUTC());
  }

  public SessionProjector(ProjectorConfig config, Clock clock) {
    LOG.info("starting {} with {}", SERVICE, config);
    try {
      PrometheusMeterRegistry registry = Metrics.newRegistry(SERVICE);
      closer.register(registry::close);
      TopicLayout.Resolved layout = ensureTopic(config);
      applier = closer.register(ViewApplier.following(config.redisUrl(), config.viewKeys(),
          new SessionExpiry(config.sessionTtl(), clock)));
      ViewRecovery recovery = closer.register(new ViewRecovery(config.redisUrl(), config.viewKeys(), applier,
          config.kafka(), config.batchSize(), clock));
      // A failed stream thread is replaced: nothing is committed past what Redis holds, so a fresh thread resumes
      // safely. While stopping, a task that gave up waiting for Redis leaves its offsets uncommitted instead.
      streams = closer.register(new RunningStreams(new KafkaStreams(
          ProjectorTopology.build(config, applier, registry, clock, closed::get, recovery),
          InternalTopics.replicatedAs(config.streamsProperties(), layout)), config.applicationId(), "projector",
          registry, clock, closed::get));
      health.register("redis", () -> applier.ping()
          ? HealthCheck.Status.up("PING ok") : HealthCheck.Status.down("Redis does not answer PING"));
      streams.reportTo(health);
      ops = closer.register(OpsServer.start(config.opsHost(), config.opsPort(), health, registry));
    } catch (RuntimeException e) {
      closeQuietly(e);
      throw e;
    }
  }

  private static TopicLayout.Resolved ensureTopic(ProjectorConfig config) {
    try (Admin admin = Admin.create(config.kafka().admin(config.applicationId() + "-bootstrap"))) {
      return TopicBootstrap.ensureChatMessages(admin, config.kafka().chatMessages(), TOPIC_TIMEOUT);
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
