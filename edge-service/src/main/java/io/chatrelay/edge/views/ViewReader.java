package io.chatrelay.edge.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.api.EdgeMetrics;
import io.chatrelay.edge.api.Problem;
import io.chatrelay.events.json.Json;
import io.chatrelay.views.AnswerInProgress;
import io.chatrelay.views.MessageView;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisNodes;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Reads the session projector's views in the layout of {@link ViewKeys}, under the live prefix ({@link LiveViewKeys},
 * taken once per call). Blocking: call from worker threads only. Only ever reads by key (never KEYS/SCAN), so each
 * request costs a bounded number of round trips.
 *
 * <p>A session whose view is missing altogether (evicted, Redis flushed or restarted empty) is rebuilt from the log
 * by {@link MissingSessions} and read again, but only when the caller's own session index lists it; another user's
 * session stays a 404 like one that does not exist.
 */
public final class ViewReader {

  private static final Logger LOG = LoggerFactory.getLogger(ViewReader.class);
  /** A listing returns at most this many sessions, most recently active first. */
  public static final int MAX_LISTED_SESSIONS = 100;
  private static final byte[] MIN_SCORE = "-inf".getBytes(StandardCharsets.US_ASCII);

  private final UnifiedJedis redis;
  private final LiveViewKeys live;
  private final EdgeMetrics metrics;
  private final MissingSessions missing;

  public ViewReader(UnifiedJedis redis, ViewKeys keys, EdgeMetrics metrics) {
    this(redis, new LiveViewKeys(keys), metrics, MissingSessions.NONE);
  }

  public ViewReader(UnifiedJedis redis, LiveViewKeys live, EdgeMetrics metrics, MissingSessions missing) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.live = Objects.requireNonNull(live, "live");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.missing = Objects.requireNonNull(missing, "missing");
  }

  /** The session when it exists, is not deleted and belongs to {@code userId}; otherwise empty, whichever it is. */
  public Optional<SessionView> ownedSession(String sessionId, String userId) {
    Map<String, String> hash = sessionHash(sessionId);
    // A deleted session keeps a tombstone hash, so only a hash that is gone altogether is worth a restore.
    if (hash.isEmpty() && missing.restore(sessionId, userId)) {
      hash = sessionHash(sessionId);
    }
    return SessionView.fromHash(hash).filter(view -> view.userId().equals(userId));
  }

  private Map<String, String> sessionHash(String sessionId) {
    ViewKeys keys = live.current();
    return timed("session", () -> redis.hgetAll(keys.session(sessionId)));
  }

  public SessionView requireOwnedSession(String sessionId, String userId) {
    return ownedSession(sessionId, userId).orElseThrow(Problem::sessionNotFound);
  }

  /** How many sessions the user has that are not deleted (a deletion takes the session out of the index). */
  public long openSessions(String userId) {
    ViewKeys keys = live.current();
    return timed("open-sessions", () -> redis.zcard(keys.userSessions(userId)));
  }

  /** The user's sessions, most recent activity first, from the per-user index. */
  public List<SessionView> sessionsOf(String userId) {
    ViewKeys keys = live.current();
    return timed("sessions", () -> {
      List<String> ids = redis.zrevrange(keys.userSessions(userId), 0, MAX_LISTED_SESSIONS - 1);
      if (ids.isEmpty()) {
        return List.of();
      }
      List<Response<Map<String, String>>> hashes = new ArrayList<>(ids.size());
      RedisNodes.pipelined(redis, pipeline -> {
        ids.forEach(id -> hashes.add(pipeline.hgetAll(keys.session(id))));
        return null;
      });
      List<SessionView> views = new ArrayList<>(ids.size());
      boolean restoring = true;
      for (int i = 0; i < ids.size(); i++) {
        Map<String, String> hash = RedisNodes.reply(hashes.get(i));
        // A session that went cold (VIEW_SESSION_TTL_SECONDS) is still in its owner's index: bring it back from
        // the log, within the owner's budget of restores; beyond it, it is listed once a later call restored it.
        if (hash.isEmpty() && restoring) {
          try {
            if (missing.restore(ids.get(i), userId)) {
              hash = sessionHash(ids.get(i));
            }
          } catch (Problem budgetOrBusy) {
            restoring = false;
          }
        }
        // The index may briefly lag a deletion; the session hash is the authority on status and owner.
        SessionView.fromHash(hash).filter(v -> v.userId().equals(userId)).ifPresent(views::add);
      }
      return views;
    });
  }

  /** The newest {@code limit} messages with seq below {@code before}, oldest first, parsed. */
  public List<JsonNode> messages(String sessionId, int limit, Optional<Long> before) {
    List<byte[]> stored = messagesJson(sessionId, limit, before);
    List<JsonNode> out = new ArrayList<>(stored.size());
    for (byte[] member : stored) {
      try {
        out.add(Json.mapper().readTree(member));
      } catch (IOException e) {
        LOG.warn("skipping unreadable message view of sessionId={}: {}", sessionId, e.getMessage());
      }
    }
    return out;
  }

  /**
   * The newest {@code limit} messages with seq below {@code before}, oldest first, as the stored JSON bytes (what
   * the projector wrote with Jackson). A member that is not a JSON object at all is left out and logged.
   */
  public List<byte[]> messagesJson(String sessionId, int limit, Optional<Long> before) {
    byte[] max = before.map(b -> "(" + b).orElse("+inf").getBytes(StandardCharsets.US_ASCII);
    byte[] key = live.current().messages(sessionId).getBytes(StandardCharsets.UTF_8);
    List<byte[]> newestFirst = timed("messages", () -> redis.zrevrangeByScore(key, max, MIN_SCORE, 0, limit));
    List<byte[]> out = new ArrayList<>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      byte[] member = newestFirst.get(i);
      if (member.length >= 2 && member[0] == '{' && member[member.length - 1] == '}') {
        out.add(member);
      } else {
        LOG.warn("skipping unreadable message view of sessionId={}: {} bytes, not a JSON object", sessionId,
            member.length);
      }
    }
    return out;
  }

  /** The answer the session's agent is still writing, if any, as its history entry (status {@code streaming}). */
  public Optional<MessageView> answerInProgress(String sessionId) {
    ViewKeys keys = live.current();
    return AnswerInProgress.fromHash(timed("answer", () -> redis.hgetAll(keys.answer(sessionId))))
        .map(answer -> answer.asMessage(sessionId));
  }

  /**
   * The newest page of the history with the answer still being written in its place by seq, as JSON bytes; the
   * in-progress entry is not counted in {@code limit}.
   */
  public List<byte[]> newestMessagesJson(String sessionId, int limit) {
    List<byte[]> page = messagesJson(sessionId, limit, Optional.empty());
    return answerInProgress(sessionId)
        .map(answer -> withAnswer(page, answer.toJson().getBytes(StandardCharsets.UTF_8), answer.seq(),
            ViewReader::seqOf))
        .orElse(page);
  }

  /** {@code page} (oldest first) with {@code answer} inserted before the entries newer than {@code answerSeq}. */
  public static <T> List<T> withAnswer(List<T> page, T answer, long answerSeq, ToLongFunction<T> seq) {
    List<T> out = new ArrayList<>(page);
    int at = out.size();
    while (at > 0 && seq.applyAsLong(out.get(at - 1)) > answerSeq) {
      at--;
    }
    out.add(at, answer);
    return out;
  }

  private static long seqOf(byte[] member) {
    try {
      return Json.mapper().readTree(member).path("seq").asLong();
    } catch (IOException e) {
      return -1;
    }
  }

  public Map<String, String> positions() {
    ViewKeys keys = live.current();
    return timed("positions", () -> redis.hgetAll(keys.positions()));
  }

  public String ping() {
    return timed("ping", redis::ping);
  }

  private <T> T timed(String operation, Supplier<T> read) {
    Timer.Sample sample = metrics.start();
    try {
      return read.get();
    } catch (JedisException e) {
      LOG.warn("redis {} failed: {}", operation, e.getMessage());
      throw Problem.unavailable("Session views are not reachable right now. Please retry.", 2);
    } finally {
      metrics.redis(sample, operation);
    }
  }
}
