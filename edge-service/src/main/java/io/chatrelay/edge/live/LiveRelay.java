package io.chatrelay.edge.live;

import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.live.internal.Connections;
import io.chatrelay.edge.live.internal.FeedMetrics;
import io.chatrelay.edge.live.internal.LiveFeed;
import io.chatrelay.edge.live.internal.LiveMetrics;
import io.chatrelay.edge.live.internal.LiveParts;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.log.KeyedMessages;
import io.chatrelay.edge.views.LiveViewKeys;
import io.chatrelay.edge.views.ProjectionWatcher;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.kit.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The browser WebSocket of the edge ({@code GET /api/v1/sessions/{id}/ws}): this instance's live reader of the log,
 * its open sockets, and the threads that replay what a reconnecting browser missed. Constructing it starts following
 * the log; {@link #close()} closes every socket (1001) and stops.
 *
 * <p>Frames, in short (see {@code LiveFrames} for the exact shapes): the browser sends
 * {@code {"id","type":"message","content","metadata"}}; it receives {@code ack} frames with the message's seq, every
 * event of the session ({@code message}, {@code response}, {@code error}, {@code status}) in log order, and
 * {@code error} frames with a {@code code} for frames it got wrong.
 */
public final class LiveRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveRelay.class);
  /** Resumes read Redis and possibly Kafka and wait for slow browsers: a few threads of their own. */
  private static final int RESUME_THREADS = 4;

  private final LiveSettings settings;
  private final LiveParts parts;
  private final LiveSockets sockets;
  private final ExecutorService resumeThreads;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param redis the pooled client; the client message ids live under the home prefix, the views wherever
   *     {@code views} says they are live
   * @param projection how far the projector has applied the log (a resume reads the views up to there)
   */
  public LiveRelay(LiveSettings settings, KafkaSettings kafka, ChatLog chatLog, UnifiedJedis redis, LiveViewKeys views,
      ProjectionWatcher projection, MeterRegistry registry, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Connections connections = new Connections(settings.maxConnections(), settings.maxConnectionsPerUser(),
        settings.maxConnectionsPerIp());
    LiveMetrics metrics = new LiveMetrics(registry, connections::open);
    LiveFeed feed = new LiveFeed(kafka, settings.feedReleaseIdle(), clock, new FeedMetrics(registry));
    this.parts = new LiveParts(settings, kafka, chatLog, redis, views, projection, connections, feed, metrics, clock);
    this.sockets = new LiveSockets(connections, metrics);
    AtomicInteger count = new AtomicInteger();
    this.resumeThreads = Executors.newFixedThreadPool(RESUME_THREADS, task -> {
      Thread thread = new Thread(task, "edge-live-resume-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    LOG.info("live sockets ready: {}", settings);
  }

  /** The handler of {@code GET /api/v1/sessions/{id}/ws}; {@code rateLimit} is the one REST messages use too. */
  public HttpHandler handler(Identity identity, OriginCheck origins, ViewReader views, MessageRateLimit rateLimit) {
    return parts.handler(identity, origins, views, rateLimit, resumeThreads);
  }

  /**
   * Stores REST messages sent with an {@code Idempotency-Key} once, through the sockets' intake: the key is the
   * message's client id, as a frame's id is.
   */
  public KeyedMessages keyedMessages() {
    return parts.keyedSends();
  }

  /** Completes with the cause when the live reader of the log stopped by itself: no socket gets events any more. */
  public CompletionStage<Throwable> fatalFailure() {
    return parts.feed().fatalFailure();
  }

  public LiveSockets sockets() {
    return sockets;
  }

  public LiveSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    parts.connections().closeAll(1001, "server shutting down", "shutdown");
    resumeThreads.shutdownNow();
    try {
      resumeThreads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    parts.feed().close();
  }
}
