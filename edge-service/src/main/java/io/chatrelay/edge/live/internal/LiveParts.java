package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.views.LiveViewKeys;
import io.chatrelay.edge.views.ProjectionWatcher;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.kit.KafkaSettings;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import redis.clients.jedis.UnifiedJedis;

/** Wires the WebSocket's machinery together; the public {@code LiveRelay} owns it. */
public final class LiveParts {

  /** How long a resume waits for the projector to catch up before reading the rest from the log instead. */
  static final Duration PROJECTION_WAIT = Duration.ofSeconds(2);
  /** The longest a resume may spend reading one range of the log. */
  static final Duration LOG_READ_TIMEOUT = Duration.ofSeconds(15);

  private final LiveSettings settings;
  private final Connections connections;
  private final LiveFeed feed;
  private final LiveMetrics metrics;
  private final MessageIntake intake;
  private final KeyedSends keyedSends;
  private final Resume resume;
  private final Clock clock;

  public LiveParts(LiveSettings settings, KafkaSettings kafka, ChatLog chatLog, UnifiedJedis redis, LiveViewKeys views,
      ProjectionWatcher projection, Connections connections, LiveFeed feed, LiveMetrics metrics, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    LogRangeReader logReader = new LogRangeReader(kafka, LOG_READ_TIMEOUT, clock);
    this.intake = new MessageIntake(new ClientMessageLedger(redis, views.home().prefix()), chatLog, logReader, clock);
    this.keyedSends = new KeyedSends(intake, feed, logReader);
    this.resume = new Resume(new HistoryView(redis, views), logReader, projection, PROJECTION_WAIT, metrics);
  }

  /** The handshake handler; {@code rateLimit} is shared with the REST API, {@code resumeThreads} run resumes. */
  public HttpHandler handler(Identity identity, OriginCheck origins, ViewReader views, MessageRateLimit rateLimit,
      Executor resumeThreads) {
    LiveConnection.Shared shared = new LiveConnection.Shared(settings, connections, feed, intake, rateLimit, metrics,
        clock);
    return new LiveHandshake(identity, origins, views, shared, resume, resumeThreads);
  }

  /** REST messages with an {@code Idempotency-Key}: the same intake, and the same ids, as the sockets' frames. */
  public KeyedSends keyedSends() {
    return keyedSends;
  }

  public Connections connections() {
    return connections;
  }

  public LiveFeed feed() {
    return feed;
  }
}
