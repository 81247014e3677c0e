package io.chatrelay.views.redis;

import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.internal.ScriptCall;
import io.chatrelay.views.redis.internal.Scripts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Applies events of {@code chat-messages} to the Redis views under one key prefix. This is the only code that writes
 * the views: the projector uses it for the live stream, a rebuild uses it to write a fresh prefix.
 *
 * <p>Each event is applied atomically by one Lua script, and applying an event twice changes nothing, so callers
 * may resend a batch whenever they are unsure it landed. A batch costs one round trip: all scripts and the
 * positions announcement go in one pipeline. Safe for concurrent use.
 *
 * <p>Two kinds: {@link #ViewApplier(String, ViewKeys)} writes exactly the given prefix (a rebuild);
 * {@link #following} writes whatever prefix the {@link ViewPointer} names as live, checking it inside every script,
 * so after a switch it moves to the new prefix and the old one never changes again.
 */
public final class ViewApplier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ViewApplier.class);
  /** A batch resent more often than this means prefixes are being switched back and forth. */
  private static final int MAX_MOVES = 5;

  private final RedisClient redis;
  private final ViewPointer pointer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ViewKeys keys;
  private volatile String applySha;
  private volatile String publishSha;

  /** Connects to {@code redisUrl}, loads the scripts and writes under {@code keys}; fails if Redis is unreachable. */
  public ViewApplier(String redisUrl, ViewKeys keys) {
    this(redisUrl, keys, null);
  }

  private ViewApplier(String redisUrl, ViewKeys keys, ViewPointer pointer) {
    String problem = RedisUrls.problem(redisUrl);
    if (problem != null) {
      throw new IllegalArgumentException("Redis URL '" + RedisUrls.mask(redisUrl) + "' is invalid: " + problem);
    }
    this.pointer = pointer;
    this.redis = RedisClient.create(URI.create(redisUrl));
    try {
      this.keys = pointer == null ? keys : pointer.resolve(redis);
      loadScripts();
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** The live writer: applies to the prefix {@code new ViewPointer(home)} names, and follows it when it switches. */
  public static ViewApplier following(String redisUrl, ViewKeys home) {
    ViewApplier applier = new ViewApplier(redisUrl, home, new ViewPointer(home));
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
    for (int attempt = 1; ; attempt++) {
      ViewKeys target = keys;
      List<Outcome> outcomes = applyTo(target, batch, positions, inBand);
      if (!outcomes.contains(Outcome.MOVED)) {
        return new BatchResult(outcomes, positions);
      }
      if (attempt >= MAX_MOVES) {
        throw new IllegalStateException("the live view prefix changed " + attempt + " times during one batch");
      }
      // Whatever this batch applied before the switch is in the new prefix too (the switch waits for that), so
      // resending all of it there is safe: those events come back as duplicates.
      keys = pointer.resolve(redis);
      LOG.info("views moved from prefix {} to {}; resending {} events", target.prefix(), keys.prefix(),
          batch.size());
    }
  }

  private List<Outcome> applyTo(ViewKeys target, List<LoggedEvent> batch, Map<Integer, Long> positions,
      boolean inBand) {
    String positionsKey = inBand ? target.positions() : target.prefix() + "scratch-positions:" + UUID.randomUUID();
    List<ScriptCall> calls = new ArrayList<>(batch.size());
    for (LoggedEvent event : batch) {
      calls.add(ScriptCall.of(event, target, pointer, positionsKey));
    }
    List<Response<Object>> replies = send(target, calls, inBand ? positions : null, positionsKey);
    if (anyNoScript(replies)) {
      // Redis restarted or its script cache was flushed: nothing of this batch ran, so load and send it again.
      LOG.warn("Redis lost the view scripts; reloading them and resending {} events", batch.size());
      loadScripts();
      replies = send(target, calls, inBand ? positions : null, positionsKey);
    }
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      outcomes.add(outcome(batch.get(i), replies.get(i)));
    }
    return outcomes;
  }

  static Map<Integer, Long> nextPositions(List<LoggedEvent> batch) {
    Map<Integer, Long> positions = new TreeMap<>();
    for (LoggedEvent event : batch) {
      positions.merge(event.partition(), event.offset() + 1, Math::max);
    }
    return positions;
  }

  /** @param positions what to announce, or null to announce nothing and drop the scratch positions key */
  private List<Response<Object>> send(ViewKeys target, List<ScriptCall> calls, Map<Integer, Long> positions,
      String positionsKey) {
    List<Response<Object>> replies = new ArrayList<>(calls.size());
    String pointerKey = pointer == null ? target.positions() : pointer.key();
    String expected = pointer == null ? "" : target.prefix();
    String home = pointer == null ? "" : pointer.home().prefix();
    try (Pipeline pipeline = redis.pipelined()) {
      for (ScriptCall call : calls) {
        replies.add(pipeline.evalsha(applySha, call.keys(), call.args()));
      }
      if (positions != null) {
        pipeline.evalsha(publishSha, List.of(target.positions(), pointerKey),
            List.of(PositionsMessage.format(positions), expected, home));
      } else {
        pipeline.del(positionsKey);
      }
      pipeline.sync();
    }
    return replies;
  }

  /**
   * Removes every trace of one session from the live views (hash or tombstone, messages, replied set, the answer
   * being streamed, user index),
   * so its events can be applied afresh. Only {@link SessionRestore} should need this.
   */
  public void forgetSession(String sessionId, String userId) {
    ViewKeys target = keys;
    try (Pipeline pipeline = redis.pipelined()) {
      pipeline.del(target.session(sessionId), target.messages(sessionId), target.replied(sessionId),
          target.answer(sessionId));
      if (userId != null) {
        pipeline.zrem(target.userSessions(userId), sessionId);
      }
      pipeline.sync();
    }
  }

  /** The next offset the live views will apply on {@code partition}, or -1 when none was applied. */
  public long position(int partition) {
    String value = redis.hget(keys.positions(), Integer.toString(partition));
    return value == null ? -1 : Long.parseLong(value);
  }

  private static boolean anyNoScript(List<Response<Object>> replies) {
    for (Response<Object> reply : replies) {
      try {
        reply.get();
      } catch (JedisNoScriptException e) {
        return true;
      } catch (JedisDataException e) {
        // reported per event by outcome()
      }
    }
    return false;
  }

  private Outcome outcome(LoggedEvent event, Response<Object> reply) {
    String sessionId = event.chatEvent().map(e -> e.sessionId()).orElse("-");
    Outcome outcome;
    try {
      Object value = reply.get();
      outcome = Outcome.fromCode(
          value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value));
    } catch (JedisDataException e) {
      // A script error on one event must not wedge the partition; its position already moved (first statement).
      LOG.error("cannot apply {} for sessionId={} at {}: {}", event.type(), sessionId, event.where(),
          e.getMessage());
      return Outcome.FAILED;
    }
    if (outcome.degraded() && outcome != Outcome.UNREADABLE) {
      LOG.warn("ignored {} for sessionId={} at {}: {}", event.type(), sessionId, event.where(), outcome.code());
    } else {
      LOG.debug("{} {} for sessionId={} at {}", outcome.code(), event.type(), sessionId, event.where());
    }
    return outcome;
  }

  private void loadScripts() {
    applySha = redis.scriptLoad(Scripts.APPLY_EVENT);
    publishSha = redis.scriptLoad(Scripts.PUBLISH_POSITIONS);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      redis.close();
    }
  }
}
