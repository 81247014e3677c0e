package io.chatrelay.edge.views;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.events.SessionIds;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.SessionLog;
import io.chatrelay.views.redis.SessionRestore;
import io.chatrelay.views.redis.SessionExpiry;
import io.chatrelay.views.redis.ViewApplier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Rebuilds a missing session view from {@code chat-messages} ({@link SessionRestore}), so a session survives its
 * view being evicted. Anyone can name any session id, so a restore must stay cheap to ask for:
 * <ul>
 *   <li>only a session the caller's own index ({@link io.chatrelay.views.ViewKeys#userSessions}) still lists is
 *       looked for, and that is checked in Redis before the log is touched: an id the caller made up, or another
 *       user's, costs one Redis read. When Redis lost the index too (data loss rather than eviction), the projector's
 *       recovery replays the log and brings the index and the views back; until then such a session is a 404;</li>
 *   <li>only version-7 ids are looked for: their creation time says where in the log the session begins, and a
 *       probe reads just the {@link SessionLog#SLACK} around that time of the session's one partition;</li>
 *   <li>an id found absent is remembered for {@link #ABSENT_FOR} and answered without reading the log again;</li>
 *   <li>each user has a budget of restores per minute; past it the answer is 429;</li>
 *   <li>one restore runs at a time (the log reader is a Kafka consumer, single-threaded by nature); a request that
 *       finds it busy is answered 503 at once, so no worker thread ever waits for another user's restore, and a
 *       restore is abandoned after {@link #BUDGET}.</li>
 * </ul>
 * The Kafka consumer and the Redis writer are opened on first use, so an edge that never restores pays nothing.
 * Every restore that reaches the log counts in {@code edge_session_restores_total} by outcome.
 */
public final class SessionRestorer implements MissingSessions, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRestorer.class);
  static final Duration ABSENT_FOR = Duration.ofSeconds(30);
  static final int MAX_REMEMBERED_ABSENT = 10_000;
  static final Duration BUDGET = Duration.ofSeconds(10);

  private final KafkaSettings kafka;
  private final String redisUrl;
  private final UnifiedJedis redis;
  private final LiveViewKeys views;
  private final Clock clock;
  private final RateLimit budget;
  private final MeterRegistry registry;
  private final ReentrantLock turn = new ReentrantLock();
  private final Map<String, Instant> absentUntil = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > MAX_REMEMBERED_ABSENT;
    }
  };
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile LogReader log;
  private volatile ViewApplier applier;
  private final SessionExpiry expiry;

  /**
   * @param redis the pooled client: the owner's index, and whether a session came back meanwhile
   * @param budget restores per user
   * @param expiry how long a restored session stays in Redis
   */
  public SessionRestorer(KafkaSettings kafka, String redisUrl, UnifiedJedis redis, LiveViewKeys views,
      RateLimit budget, MeterRegistry registry, SessionExpiry expiry) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.redisUrl = Objects.requireNonNull(redisUrl, "redisUrl");
    this.redis = Objects.requireNonNull(redis, "redis");
    this.views = Objects.requireNonNull(views, "views");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.clock = expiry.clock();
  }

  @Override
  public boolean restore(String sessionId, String userId) {
    Optional<Instant> created = SessionIds.createdAt(sessionId);
    Instant now = clock.instant();
    // Older random ids say nothing about where the session begins: finding one would mean reading a whole partition.
    if (created.isEmpty() || created.get().isAfter(now.plus(SessionLog.SLACK)) || recentlyAbsent(sessionId, now)) {
      return false;
    }
    if (Thread.currentThread() instanceof XnioIoThread) {
      throw new IllegalStateException("restore of sessionId=" + sessionId + " asked on an I/O thread");
    }
    if (!listedFor(sessionId, userId)) {
      return false;
    }
    RateLimit.Decision allowed = budget.tryAcquire(userId);
    if (!allowed.allowed()) {
      LOG.warn("restore of sessionId={} refused: userId={} is out of restores", sessionId, userId);
      count("refused_budget");
      throw Problem.limited("restore-rate-limited", "Too many restores",
          "Too many of your conversations were restored in a short time.", allowed.retryAfterSeconds());
    }
    // Never wait: a worker thread held here would be one fewer for every other user.
    if (!turn.tryLock()) {
      LOG.warn("restore of sessionId={} refused: another restore is running", sessionId);
      count("refused_busy");
      throw Problem.unavailable("This conversation is being restored. Please retry.", 1);
    }
    try {
      if (closed.get()) {
        return false;
      }
      if (redis.exists(views.current().session(sessionId))) {
        return true;
      }
      boolean restored = restoreInTurn(sessionId, created.get(), now);
      count(restored ? "restored" : "absent");
      return restored;
    } catch (Problem problem) {
      count("failed");
      throw problem;
    } catch (RuntimeException e) {
      LOG.warn("restore of sessionId={} failed: {}", sessionId, e.getMessage());
      count("failed");
      throw Problem.unavailable("This conversation cannot be restored right now. Please retry.", 2);
    } finally {
      turn.unlock();
    }
  }

  /** Whether the user's own index lists the session: the check that keeps ids made up by anyone off the log. */
  private boolean listedFor(String sessionId, String userId) {
    try {
      return redis.zscore(views.current().userSessions(userId), sessionId) != null;
    } catch (JedisException e) {
      LOG.warn("restore of sessionId={} refused: the index of userId={} is unreadable: {}", sessionId, userId,
          e.getMessage());
      throw Problem.unavailable("Session views are not reachable right now. Please retry.", 2);
    }
  }

  private void count(String outcome) {
    registry.counter("edge.session.restores", "outcome", outcome).increment();
  }

  private boolean restoreInTurn(String sessionId, Instant created, Instant now) {
    Instant deadline = now.plus(BUDGET);
    AtomicBoolean outOfTime = new AtomicBoolean();
    BooleanSupplier stop = () -> {
      if (closed.get() || clock.instant().isAfter(deadline)) {
        outOfTime.set(true);
      }
      return outOfTime.get();
    };
    boolean inLog = probe(sessionId, created, stop);
    if (outOfTime.get()) {
      throw Problem.unavailable("This conversation cannot be restored right now. Please retry.", 2);
    }
    if (!inLog) {
      LOG.debug("no sessionId={} in the log around {}", sessionId, created);
      rememberAbsent(sessionId, now);
      return false;
    }
    SessionRestore.Result result = new SessionRestore(log, applier()).restore(sessionId, null, null, stop);
    if (outOfTime.get()) {
      // A partial view would look like a conversation with missing messages: better none, and a retry.
      applier.forgetSession(sessionId, null);
      LOG.warn("restore of sessionId={} ran out of its {} s and was undone", sessionId, BUDGET.toSeconds());
      throw Problem.unavailable("This conversation cannot be restored right now. Please retry.", 2);
    }
    if (!result.found()) {
      rememberAbsent(sessionId, now);
      return false;
    }
    LOG.info("restored the view of sessionId={}: {} events from partition {} offset {}", sessionId,
        result.events(), result.start().partition(), result.start().offset());
    return true;
  }

  /** True when a record keyed by the session lies within the slack around its creation time. */
  private boolean probe(String sessionId, Instant created, BooleanSupplier stop) {
    LogReader reader = log();
    List<TopicPartition> partitions = reader.partitions();
    TopicPartition tp = partitions.get(SessionLog.partitionOf(sessionId, partitions.size()));
    long from = reader.offsetsAt(List.of(tp), created.minus(SessionLog.SLACK)).get(tp);
    long until = reader.offsetsAt(List.of(tp), created.plus(SessionLog.SLACK)).get(tp);
    boolean[] seen = {false};
    reader.read(Map.of(tp, from), Map.of(tp, until), record -> {
      seen[0] = sessionId.equals(record.key());
      return !seen[0];
    }, stop);
    return seen[0];
  }

  private boolean recentlyAbsent(String sessionId, Instant now) {
    synchronized (absentUntil) {
      Instant until = absentUntil.get(sessionId);
      if (until != null && !now.isBefore(until)) {
        absentUntil.remove(sessionId);
        return false;
      }
      return until != null;
    }
  }

  private void rememberAbsent(String sessionId, Instant now) {
    synchronized (absentUntil) {
      absentUntil.put(sessionId, now.plus(ABSENT_FOR));
    }
  }

  /** Only under the turn lock. */
  private LogReader log() {
    if (log == null) {
      log = new LogReader(kafka, "edge-restore");
    }
    return log;
  }

  /** Only under the turn lock. A new writer after a switch, so the session's old keys are cleared where it lives. */
  private ViewApplier applier() {
    if (applier != null && !applier.keys().equals(views.current())) {
      applier.close();
      applier = null;
    }
    if (applier == null) {
      applier = ViewApplier.following(redisUrl, views.home(), expiry);
    }
    return applier;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (log != null) {
      log.wakeup();
    }
    turn.lock();
    try {
      if (log != null) {
        log.close();
      }
      if (applier != null) {
        applier.close();
      }
    } finally {
      turn.unlock();
    }
  }
}
