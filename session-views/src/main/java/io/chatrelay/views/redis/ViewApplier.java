package io.chatrelay.views.redis;

import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.internal.ScriptCall;
import io.chatrelay.views.redis.internal.Scripts;
import io.chatrelay.views.redis.internal.UserIndexChanges;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Applies events of {@code chat-messages} to the Redis views under one key prefix. This is the only code that writes
 * the views: the projector uses it for the live stream, a rebuild uses it to write a fresh prefix.
 *
 * <p>Each event is applied atomically by one Lua script on its session's keys, and applying an event twice changes
 * nothing, so callers may resend a batch whenever they are unsure it landed. A batch then updates what spans
 * sessions once: the users' indexes ({@link UserIndexChanges}) and, last, the partitions' positions with their
 * announcement ({@code advance-positions.lua}), so a reader woken by a position finds everything below it. On one
 * server that is two round trips per batch; on Redis Cluster three, since commands to different nodes are not
 * ordered among themselves. Safe for concurrent use.
 *
 * <p>Two kinds: {@link #ViewApplier(String, ViewKeys)} writes exactly the given prefix (a rebuild);
 * {@link #following} writes whatever prefix the {@link ViewPointer} names as live. It checks the pointer when it
 * ends each batch, so after a switch it resends the batch to the new prefix and moves there; the old prefix may take
 * that one batch more, which no reader of it waits for, since its positions never move again.
 */
public final class ViewApplier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ViewApplier.class);
  /** A batch resent more often than this means prefixes are being switched back and forth. */
  private static final int MAX_MOVES = 5;
  private static final int MAX_RELOADS = 3;
  private static final int POOL_SIZE = 16;
  private static final String OK = "ok";

  private final UnifiedJedis redis;
  private final ViewPointer pointer;
  private final SessionExpiry expiry;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ViewKeys keys;
  private volatile String applySha;
  private volatile String advanceSha;

  /** Connects to {@code redisUrl}, loads the scripts and writes under {@code keys}; fails if Redis is unreachable. */
  public ViewApplier(String redisUrl, ViewKeys keys) {
    this(redisUrl, keys, null, SessionExpiry.NEVER);
  }

  /** As {@link #ViewApplier(String, ViewKeys)}, letting cold sessions leave Redis as {@code expiry} says. */
  public ViewApplier(String redisUrl, ViewKeys keys, SessionExpiry expiry) {
    this(redisUrl, keys, null, expiry);
  }

  private ViewApplier(String redisUrl, ViewKeys keys, ViewPointer pointer, SessionExpiry expiry) {
    RedisEndpoint endpoint;
    try {
      endpoint = RedisEndpoint.parse(redisUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Redis URL '" + RedisEndpoint.mask(redisUrl) + "' is invalid: "
          + e.getMessage(), e);
    }
    this.pointer = pointer;
    this.expiry = expiry;
    this.redis = endpoint.open("session-views", POOL_SIZE);
    try {
      RedisNodes.requireShardedPubSub(redis);
      this.keys = pointer == null ? keys : pointer.resolve(redis);
      loadScripts();
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** The live writer: applies to the prefix {@code new ViewPointer(home)} names, and follows it when it switches. */
  public static ViewApplier following(String redisUrl, ViewKeys home) {
    return following(redisUrl, home, SessionExpiry.NEVER);
  }

  /** As {@link #following(String, ViewKeys)}, letting cold sessions leave Redis as {@code expiry} says. */
  public static ViewApplier following(String redisUrl, ViewKeys home, SessionExpiry expiry) {
    ViewApplier applier = new ViewApplier(redisUrl, home, new ViewPointer(home), expiry);
    LOG.info("writing views under prefix {} (home {})", applier.keys().prefix(), home.prefix());
    return applier;
  }

  /** The keys written now. */
  public ViewKeys keys() {
    return keys;
  }

  /** True when Redis answers; never throws. */
  public boolean ping() {
    try {
      return "PONG".equalsIgnoreCase(redis.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Applies the events in order and then announces the new positions on the channel {@link ViewKeys#positions()}.
   * Throws when Redis cannot be reached; the caller resends the same batch later.
   */
  public BatchResult apply(List<LoggedEvent> batch) {
    return apply(batch, true);
  }

  /**
   * Applies the events without moving the positions hash and without an announcement: for re-applying one
   * session's events out of log order ({@link SessionRestore}), which says nothing about the other sessions of its
   * partition, so readers waiting for a position must not be woken by it.
   */
  public BatchResult applyOutOfBand(List<LoggedEvent> batch) {
    return apply(batch, false);
  }

  private BatchResult apply(List<LoggedEvent> batch, boolean inBand) {
    if (batch.isEmpty()) {
      return new BatchResult(List.of(), Map.of());
    }
    Map<Integer, Long> positions = nextPositions(batch);
    for (int attempt = 1, reloads = 0; ; ) {
      ViewKeys target = keys;
      Applied applied;
      String end;
      try {
        applied = applyTo(target, batch, inBand);
        end = end(target, applied.index(), inBand ? positions : Map.of());
      } catch (JedisNoScriptException e) {
        // Redis restarted or its script cache was flushed, maybe between this batch's round trips: whatever of
        // it ran may be gone with the data, so load the scripts and send all of it again.
        if (++reloads > MAX_RELOADS) {
          throw e;
        }
        LOG.warn("Redis lost the view scripts; reloading them and resending {} events", batch.size());
        loadScripts();
        continue;
      }
      if (OK.equals(end)) {
        return new BatchResult(applied.outcomes(), positions);
      }
      if (++attempt > MAX_MOVES) {
        throw new IllegalStateException("the live view prefix changed " + attempt + " times during one batch");
      }
      // The new prefix has everything the old one's positions cover (the switch waits for that); resending the
      // whole batch there is safe, since what it already holds comes back as duplicates.
      keys = pointer.resolve(redis);
      LOG.info("views moved from prefix {} to {}; resending {} events", target.prefix(), keys.prefix(),
          batch.size());
    }
  }

  /** What a batch's scripts did, and what it changes in the users' indexes. */
  private record Applied(List<Outcome> outcomes, UserIndexChanges index) {}

  /** Runs every event's script; throws NOSCRIPT when Redis lost the scripts. */
  private Applied applyTo(ViewKeys target, List<LoggedEvent> batch, boolean inBand) {
    List<ScriptCall> calls = new ArrayList<>(batch.size());
    List<Response<Object>> replies = RedisNodes.pipelined(redis, pipeline -> {
      List<Response<Object>> sent = new ArrayList<>(batch.size());
      for (LoggedEvent event : batch) {
        ScriptCall call = call(event, target, inBand);
        calls.add(call);
        sent.add(call == null ? null : pipeline.evalsha(applySha, call.keys(), call.args()));
      }
      return sent;
    });
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    UserIndexChanges index = new UserIndexChanges();
    for (int i = 0; i < batch.size(); i++) {
      ScriptCall call = calls.get(i);
      if (call == null) {
        outcomes.add(batch.get(i).event() == null ? Outcome.UNREADABLE : Outcome.EXPIRED);
        continue;
      }
      Reply reply = reply(batch.get(i), replies.get(i));
      outcomes.add(reply.outcome());
      if (reply.state() != null) {
        index.add(call, reply.outcome(), reply.state());
      }
    }
    return new Applied(outcomes, index);
  }

  /** The script call for one event, or null when there is nothing to apply (unreadable, or its session is cold). */
  private ScriptCall call(LoggedEvent event, ViewKeys target, boolean inBand) {
    if (event.event() == null) {
      return null;
    }
    if (!inBand) {
      return ScriptCall.of(event, target, expiry.restoredExpiry());
    }
    if (expiry.expired(event.event().occurredAt())) {
      LOG.debug("expired {} for sessionId={} at {}", event.type(), event.event().sessionId(), event.where());
      return null;
    }
    return ScriptCall.of(event, target, expiry.liveExpiry(event.event().occurredAt()));
  }

  /**
   * Ends a batch under {@code target}: writes the users' indexes, then moves the positions and announces them, after
   * checking that {@code target} is still live when this applier follows the pointer. One round trip on one server
   * (a connection keeps its commands in order), two on a cluster, where the index and the positions live on other
   * nodes. Returns {@code ok} or {@code moved}.
   */
  private String end(ViewKeys target, UserIndexChanges index, Map<Integer, Long> positions) {
    boolean advance = pointer != null || !positions.isEmpty();
    if (advance && !index.isEmpty() && !(redis instanceof RedisClusterClient)) {
      Response<Object> ended = RedisNodes.pipelined(redis, pipeline -> {
        index.writeTo(pipeline, target);
        return pipeline.evalsha(advanceSha, advanceKeys(target), advanceArgs(target, positions));
      });
      return text(RedisNodes.reply(ended));
    }
    if (!index.isEmpty()) {
      RedisNodes.pipelined(redis, pipeline -> {
        index.writeTo(pipeline, target);
        return null;
      });
    }
    return advance ? text(redis.evalsha(advanceSha, advanceKeys(target), advanceArgs(target, positions))) : OK;
  }

  private List<String> advanceKeys(ViewKeys target) {
    return List.of(target.positions(), pointer == null ? target.positions() : pointer.key());
  }

  private List<String> advanceArgs(ViewKeys target, Map<Integer, Long> positions) {
    List<String> args = new ArrayList<>();
    args.add(positions.isEmpty() ? "" : PositionsMessage.format(positions));
    args.add(pointer == null ? "" : target.prefix());
    args.add(pointer == null ? "" : pointer.home().prefix());
    args.add(positions.isEmpty() ? "" : RedisNodes.publishCommand(redis));
    positions.forEach((partition, next) -> {
      args.add(Integer.toString(partition));
      args.add(Long.toString(next));
    });
    return args;
  }

  static Map<Integer, Long> nextPositions(List<LoggedEvent> batch) {
    Map<Integer, Long> positions = new TreeMap<>();
    for (LoggedEvent event : batch) {
      positions.merge(event.partition(), event.offset() + 1, Math::max);
    }
    return positions;
  }

  /**
   * Removes every trace of one session from the live views (hash or tombstone, messages, replied set, the answer
   * being streamed, user index),
   * so its events can be applied afresh. Only {@link SessionRestore} should need this.
   */
  public void forgetSession(String sessionId, String userId) {
    ViewKeys target = keys;
    RedisNodes.pipelined(redis, pipeline -> {
      pipeline.del(target.session(sessionId), target.messages(sessionId), target.replied(sessionId),
          target.answer(sessionId));
      if (userId != null) {
        pipeline.zrem(target.userSessions(userId), sessionId);
      }
      return null;
    });
  }

  /** The next offset the live views will apply on {@code partition}, or -1 when none was applied. */
  public long position(int partition) {
    String value = redis.hget(keys.positions(), Integer.toString(partition));
    return value == null ? -1 : Long.parseLong(value);
  }

  private record Reply(Outcome outcome, String state) {}

  private Reply reply(LoggedEvent event, Response<Object> response) {
    String sessionId = event.chatEvent().map(e -> e.sessionId()).orElse("-");
    Outcome outcome;
    String state;
    try {
      List<?> parts = (List<?>) RedisNodes.reply(response);
      outcome = Outcome.fromCode(text(parts.get(0)));
      state = text(parts.get(1));
    } catch (JedisNoScriptException e) {
      throw e;
    } catch (JedisDataException e) {
      // A script error on one event must not wedge the partition: the batch still ends and moves the position.
      LOG.error("cannot apply {} for sessionId={} at {}: {}", event.type(), sessionId, event.where(),
          e.getMessage());
      return new Reply(Outcome.FAILED, null);
    }
    if (outcome.degraded()) {
      LOG.warn("ignored {} for sessionId={} at {}: {}", event.type(), sessionId, event.where(), outcome.code());
    } else {
      LOG.debug("{} {} for sessionId={} at {}", outcome.code(), event.type(), sessionId, event.where());
    }
    return new Reply(outcome, state);
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
  }

  private void loadScripts() {
    applySha = RedisNodes.loadScript(redis, Scripts.APPLY_EVENT);
    advanceSha = RedisNodes.loadScript(redis, Scripts.ADVANCE_POSITIONS);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      redis.close();
    }
  }
}
