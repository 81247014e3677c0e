package io.chatrelay.edge;

import io.chatrelay.edge.api.EdgeMetrics;
import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.Problems;
import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.edge.auth.SignedOutCookies;
import io.chatrelay.edge.live.LiveRelay;
import io.chatrelay.edge.live.LiveSockets;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.log.KafkaProbe;
import io.chatrelay.edge.views.LiveViewKeys;
import io.chatrelay.edge.views.ProjectionWatcher;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.edge.views.ReadinessChecks;
import io.chatrelay.edge.views.RedisClients;
import io.chatrelay.edge.views.SessionRestorer;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.Health;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.Metrics;
import io.chatrelay.kit.OpsServer;
import io.chatrelay.kit.RunningService;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.views.redis.SessionExpiry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The running edge: creates {@code chat-messages} when missing, then owns the one producer, the Redis pool, the
 * projection watcher and the HTTP server. Constructing it starts everything; {@link #close()} stops all of it.
 */
public final class EdgeService implements RunningService {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeService.class);
  private static final Duration TOPIC_SETUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration WATCHER_POLL = Duration.ofMillis(50);
  private static final long MAX_DISCARDED_BODY_BYTES = 1024 * 1024;
  /** A little above the producer's delivery timeout: the producer decides, the guard only stops a hang. */
  private static final Duration PRODUCE_GUARD = KafkaSettings.DELIVERY_TIMEOUT.plusSeconds(1);
  /** How soon a sign-out on another instance takes effect here. */
  private static final Duration SIGNED_OUT_REFRESH = Duration.ofSeconds(1);

  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
  private final PrometheusMeterRegistry registry;
  private final Undertow server;
  private final URI baseUri;
  private final LiveSockets liveSockets;
  private final OpsServer ops;

  public EdgeService(EdgeConfig config) {
    this(config, Clock.systemUTC());
  }

  public EdgeService(EdgeConfig config, Clock clock) {
    LOG.info("starting edge with {}", config);
    if (!config.devMode() && !config.signIn().cookieSecure()) {
      LOG.warn("RELAY_MODE=production with ALLOW_INSECURE_COOKIE=true: the session cookie may travel over plain HTTP;"
          + " for testing only");
    }
    try {
      registry = Metrics.newRegistry("edge-service");
      EdgeMetrics metrics = new EdgeMetrics(registry);
      Admin admin = own(Admin.create(config.kafka().admin("edge-admin")));
      TopicBootstrap.ensureChatMessages(admin, config.kafka().chatMessages(), TOPIC_SETUP_TIMEOUT);
      // Clients hear within PRODUCE_GUARD. A write without a client id is given up by then; one with a client id
      // is kept until the cluster has decided it, so that a retry finds it (see ChatLog).
      ChatLog chatLog = own(new ChatLog(producer(config, "edge-producer", KafkaSettings.DELIVERY_TIMEOUT),
          producer(config, "edge-claimed-producer", ChatLog.DECIDED_WITHIN), PRODUCE_GUARD, metrics));
      RedisClients redisClients = new RedisClients(config.redisUrl());
      UnifiedJedis redis = own(redisClients.pooled(config.workerThreads() + 4));
      LiveViewKeys liveKeys = liveViewKeys(config, redis);
      ProjectionWatcher watcher = own(new ProjectionWatcher(redis, redisClients.channels(), liveKeys, WATCHER_POLL));
      SessionRestorer restorer = own(new SessionRestorer(config.kafka(), config.redisUrl().toString(), redis,
          liveKeys, RateLimit.perMinute(config.limits().restoresPerUserPerMinute(), clock), registry,
          new SessionExpiry(config.sessionTtl(), clock)));
      ViewReader views = new ViewReader(redis, liveKeys, metrics, restorer);
      KafkaProbe probe = new KafkaProbe(admin, Topics.CHAT_MESSAGES.name(), Duration.ofSeconds(2),
          Duration.ofSeconds(2), clock);
      Health health = ReadinessChecks.register(new Health(), probe, views, config.readyMaxProjectionLag());
      LiveRelay live = own(new LiveRelay(config.live(), config.kafka(), chatLog, redis, liveKeys, watcher,
          registry, clock));
      liveSockets = live.sockets();
      live.fatalFailure().thenAccept(cause -> stopOnFatal(health, cause));
      SignedOutCookies signedOut = own(new SignedOutCookies(redis, redisClients.channels(), liveKeys.home().prefix(),
          config.signIn().sessionTtl(), SIGNED_OUT_REFRESH, clock, liveSockets::closeSignIn));
      EdgeRoutes.Components components = new EdgeRoutes.Components(chatLog, views,
          new ReadYourWrites(watcher, config.readYourWritesTimeout(), metrics), registry, clock, live,
          signedOut);
      server = startServer(config, components);
      ops = OpsServer.start(config.opsHost(), config.opsPort(), health, registry);
      owned.push(ops);
      // Closed first on shutdown: browsers get 1001 "going away" and reconnect elsewhere, not a dropped connection.
      owned.push(live::close);
      InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
      baseUri = URI.create("http://" + config.httpHost() + ":" + address.getPort());
      LOG.info("edge listening on {}", baseUri);
    } catch (RuntimeException e) {
      closeOwned(e);
      throw e;
    }
  }

  private static Producer<String, ChatEvent> producer(EdgeConfig config, String clientId, Duration deliveryTimeout) {
    return new KafkaProducer<>(config.kafka().reliableProducer(clientId, deliveryTimeout),
        Topics.CHAT_MESSAGES.keySerde().serializer(), Topics.CHAT_MESSAGES.valueSerde().serializer());
  }

  /** The live prefix now; when Redis is not there yet, the home prefix until the watcher's subscription reads it. */
  private static LiveViewKeys liveViewKeys(EdgeConfig config, UnifiedJedis redis) {
    LiveViewKeys keys = new LiveViewKeys(config.viewKeys());
    try {
      keys.refresh(redis);
    } catch (JedisException e) {
      LOG.warn("cannot read the view pointer {} yet: {}", keys.channel(), e.getMessage());
    }
    return keys;
  }

  private Undertow startServer(EdgeConfig config, EdgeRoutes.Components components) {
    // The routes need the port the listener got (the edge's own origin names it), known only once it listens;
    // the moment before they are in place is answered 503.
    AtomicReference<HttpHandler> routes = new AtomicReference<>(exchange -> Problems.send(exchange,
        Problem.unavailable("The server is starting. Please retry.", 1)));
    Undertow undertow = Undertow.builder()
        .addHttpListener(config.httpPort(), config.httpHost())
        .setWorkerThreads(config.workerThreads())
        // A client that trickles its request line and headers must not hold a connection forever.
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
        // Bodies over the API's 16 KiB are refused while reading; the excess is read and discarded so the client
        // sees the 413, but only up to this much: a larger upload just loses its connection.
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_DISCARDED_BODY_BYTES)
        .setHandler(exchange -> routes.get().handleRequest(exchange))
        .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot listen on " + config.httpHost() + ":" + config.httpPort() + " (HTTP_HOST, HTTP_PORT)", e);
    }
    owned.push(undertow::stop);
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    routes.set(EdgeRoutes.handler(config.withHttpPort(port), components));
    return undertow;
  }

  /** Where the edge answers, such as {@code http://127.0.0.1:8080}. */
  public URI baseUri() {
    return baseUri;
  }

  /** Where {@code /health/live}, {@code /health/ready} and {@code /metrics} answer, such as http://127.0.0.1:8081. */
  public URI opsUri() {
    return URI.create("http://" + ops.host() + ":" + ops.port());
  }

  public int opsPort() {
    return ops.port();
  }

  public int port() {
    return baseUri.getPort();
  }

  /** The browser WebSockets open on this instance. */
  public LiveSockets liveSockets() {
    return liveSockets;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Completes when the edge cannot go on (its live reader of the log stopped on a fatal Kafka error): the REST API
   * still answers, but no browser socket here would get another reply, so the process should be restarted.
   */
  @Override
  public CompletionStage<Throwable> fatalFailure() {
    return fatal;
  }

  /** Liveness first: whoever learns of the failure from {@link #fatalFailure()} already finds the edge not live. */
  private void stopOnFatal(Health health, Throwable cause) {
    if (closed.get() || fatal.isDone()) {
      return;
    }
    health.markNotLive("live sockets stopped by a fatal Kafka error (see the service log)");
    fatal.complete(cause);
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.push(resource);
    return resource;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException first = closeOwned(null);
    LOG.info("edge stopped");
    if (first != null) {
      throw first;
    }
  }

  /** Closes in reverse order of acquisition; keeps the first failure (or {@code pending}), attaching later ones. */
  private RuntimeException closeOwned(RuntimeException pending) {
    RuntimeException first = pending;
    while (!owned.isEmpty()) {
      try {
        owned.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException r ? r : new IllegalStateException("closing the edge failed", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }
}
