package io.chatrelay.connector;

import io.chatrelay.connector.internal.AnsweredIndex;
import io.chatrelay.connector.internal.AnsweredScanner;
import io.chatrelay.connector.internal.Backoff;
import io.chatrelay.kit.Closer;
import io.chatrelay.connector.internal.ConnectorHealth;
import io.chatrelay.connector.internal.EventPublisher;
import io.chatrelay.connector.internal.OffsetTracker;
import io.chatrelay.connector.internal.Outcomes;
import io.chatrelay.connector.internal.PollLoop;
import io.chatrelay.connector.internal.RecordRouter;
import io.chatrelay.connector.internal.SessionContext;
import io.chatrelay.connector.internal.SessionDirectory;
import io.chatrelay.connector.internal.SessionLoop;
import io.chatrelay.connector.internal.Sessions;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.Health;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.Metrics;
import io.chatrelay.kit.OpsServer;
import io.chatrelay.kit.RunningService;
import io.chatrelay.kit.TopicBootstrap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent connector: consumes {@code chat-messages}, forwards each user message to its session's agent
 * over a WebSocket, and publishes the answer back to the log. Serves {@code /health/live}, {@code /health/ready}
 * and {@code /metrics} on the ops port. {@link #start} acquires everything; {@link #close()} releases it,
 * committing only what is finished, so whatever was in flight is handled by the next connector of the group.
 */
public final class AgentConnector implements RunningService {

  public static final String SERVICE = "agent-connector";

  private static final Logger LOG = LoggerFactory.getLogger(AgentConnector.class);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Closer closer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final EventPublisher publisher;
  private final PollLoop pollLoop;
  private final Thread pollThread;
  private final Health health;
  private final OpsServer ops;
  private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();

  /** Starts with the system clock and a fresh random source for backoff jitter. */
  public static AgentConnector start(ConnectorConfig config) {
    return start(config, Clock.systemUTC(), new Random());
  }

  /** Starts with the given clock (timestamps, timeouts, breakers) and jitter source. */
  public static AgentConnector start(ConnectorConfig config, Clock clock, Random random) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Closer closer = new Closer();
    try {
      return new AgentConnector(config, clock, random, closer);
    } catch (RuntimeException e) {
      try {
        closer.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private AgentConnector(ConnectorConfig config, Clock clock, Random random, Closer closer) {
    LOG.info("starting {}", config);
    this.closer = closer;
    // Several connectors may share a JVM (dev mode, tests); distinct client ids keep their client metrics apart.
    String instance = SERVICE + "-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaSettings kafka = config.kafka();
    PrometheusMeterRegistry meters = Metrics.newRegistry(SERVICE);
    closer.register(meters::close);
    Admin admin = closer.register(Admin.create(kafka.admin(instance + "-admin")));
    TopicBootstrap.ensureChatMessages(admin, kafka.chatMessages(), TOPIC_TIMEOUT);

    ExecutorService httpThreads = Executors.newCachedThreadPool(daemon("agent-http"));
    closer.register(httpThreads::shutdownNow);
    HttpClient http = HttpClient.newBuilder().executor(httpThreads).connectTimeout(config.replyTimeout()).build();
    SessionLoop loop = closer.register(new SessionLoop("agent-sessions"));
    Backoff backoff = new Backoff(config.reconnectBase(), config.reconnectMax(), random);
    publisher = closer.register(new EventPublisher(new KafkaProducer<>(kafka.reliableProducer(instance),
        new StringSerializer(), Topics.CHAT_MESSAGES.valueSerde().serializer()), loop, backoff, this::stopOnFatal));
    Sessions sessions = closer.register(new Sessions(
        new SessionContext(config, loop, http, publisher, new Outcomes(clock), backoff, clock, meters)));

    OffsetTracker tracker = new OffsetTracker();
    pollLoop = pollLoop(config, clock, instance, tracker, sessions);
    pollThread = new Thread(() -> {
      pollLoop.run();
      if (pollLoop.failure() != null) {
        stopOnFatal(pollLoop.failure());
      }
    }, "connector-poll");
    closer.register(this::stopPolling);
    pollThread.start();

    Gauge.builder("connector.unfinished.records", tracker, OffsetTracker::unfinished)
        .description("Records read and not yet finished (not committable)").register(meters);
    Gauge.builder("connector.sessions.active", sessions, Sessions::active)
        .description("Sessions with queued messages or an open agent socket").register(meters);
    health = ConnectorHealth.of(admin, pollLoop, sessions.breakers());
    ops = closer.register(OpsServer.start(config.opsHost(), config.opsPort(), health, meters));
    LOG.info("{} started; ops on port {}", instance, ops.port());
  }

  private static PollLoop pollLoop(ConnectorConfig config, Clock clock, String instance, OffsetTracker tracker,
      Sessions sessions) {
    AnsweredIndex answered = new AnsweredIndex();
    RecordRouter router = new RecordRouter(tracker,
        new SessionDirectory(config.defaultAgentType(), config.sessionCacheSize()), answered, sessions, clock);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(config, instance),
        new StringDeserializer(), new ByteArrayDeserializer());
    return new PollLoop(consumer, router, tracker, answered,
        new AnsweredScanner(config.kafka(), instance + "-scan", SCAN_TIMEOUT, clock), sessions,
        config.maxPending(), config.commitInterval(), drainTimeout(config), clock);
  }

  /**
   * A question with the agent is answered within the reply timeout, or failed, and its answer published within the
   * delivery timeout: a revoked partition waits that long at most.
   */
  private static Duration drainTimeout(ConnectorConfig config) {
    return config.replyTimeout().plus(KafkaSettings.DELIVERY_TIMEOUT);
  }

  private static Properties consumerProperties(ConnectorConfig config, String clientId) {
    Properties p = config.group().applyTo(config.kafka().consumer(clientId, null));
    // Cooperative rebalancing keeps the partitions a connector already owns, so a new connector joining the group
    // does not abandon every session's in-flight message. An operator's KAFKA_* setting still wins.
    p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    return p;
  }

  /** The port of {@code /health} and {@code /metrics}. */
  public int opsPort() {
    return ops.port();
  }

  /** What {@code /health/ready} would answer now. */
  public Health.Report readiness() {
    return health.ready();
  }

  /** Completes with the cause when a fatal Kafka error (see {@link EventPublisher}) or the poll loop stopped it. */
  @Override
  public CompletionStage<Throwable> fatalFailure() {
    return fatal;
  }

  /** Stops: finished offsets are committed, in-flight messages are left to the next connector of the group. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LOG.info("{} stopping", SERVICE);
      closer.close();
    }
  }

  /**
   * Stops the way a killed process does: nothing more is published or committed, in-flight messages are simply
   * dropped. Exists so tests can check that a crash never costs a message its one answer.
   */
  void halt() {
    if (closed.compareAndSet(false, true)) {
      LOG.warn("{} halting without committing", SERVICE);
      publisher.close(Duration.ZERO);
      pollLoop.halt();
      closer.close();
    }
  }

  /**
   * Nothing more can be published or read: stop reading (what is finished is committed, the rest is left to the
   * next connector of the group) and say so on {@code /health/live}, so the process is restarted.
   */
  private void stopOnFatal(Throwable cause) {
    if (closed.get() || fatal.isDone()) {
      return;
    }
    LOG.error("{} cannot go on: {}; stopping", SERVICE, cause.toString());
    // Liveness first: whoever learns of the failure from fatalFailure() already finds the connector not live.
    if (health != null) {
      health.markNotLive("stopped by a fatal Kafka error (see the service log)");
    }
    fatal.complete(cause);
    if (pollLoop != null && Thread.currentThread() != pollThread) {
      pollLoop.stop();
    }
  }

  private void stopPolling() throws InterruptedException {
    if (pollThread.isAlive()) {
      pollLoop.stop();
    }
    pollThread.join(STOP_TIMEOUT.toMillis());
    if (pollThread.isAlive()) {
      LOG.warn("poll loop did not stop within {}", STOP_TIMEOUT);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
