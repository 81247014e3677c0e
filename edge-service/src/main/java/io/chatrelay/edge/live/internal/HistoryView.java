package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.views.LiveViewKeys;
import io.chatrelay.views.AnswerInProgress;
import io.chatrelay.views.SessionFields;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisNodes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/** What a resume reads from the session views. Blocking: call from worker threads only. */
final class HistoryView {

  /**
   * How far back the views hold a session's history.
   *
   * @param complete the messages set holds every message the session has (its count matches the session's)
   * @param oldest the lowest seq in the set; {@link Long#MAX_VALUE} when it is empty
   * @param firstSeq the session's first offset, where a read of the log may start; 0 when unknown
   */
  record Reach(boolean complete, long oldest, long firstSeq) {}

  private final UnifiedJedis redis;
  private final LiveViewKeys views;

  HistoryView(UnifiedJedis redis, LiveViewKeys views) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.views = Objects.requireNonNull(views, "views");
  }

  /** The next offset of {@code partition} the projector will apply: every earlier event is in the views. */
  long position(int partition) {
    String next = redis.hget(views.current().positions(), Integer.toString(partition));
    return next == null ? 0 : Long.parseLong(next);
  }

  Reach reach(String sessionId) {
    ViewKeys keys = views.current();
    List<Response<?>> replies = RedisNodes.pipelined(redis, pipeline -> List.of(
        pipeline.hmget(keys.session(sessionId), SessionFields.MESSAGE_COUNT, SessionFields.FIRST_SEQ),
        pipeline.zcard(keys.messages(sessionId)),
        pipeline.zrangeWithScores(keys.messages(sessionId), 0, 0)));
    List<?> fields = (List<?>) RedisNodes.reply(replies.get(0));
    long expected = number((String) fields.get(0));
    long firstSeq = number((String) fields.get(1));
    List<?> lowest = (List<?>) RedisNodes.reply(replies.get(2));
    long oldestSeq = lowest.isEmpty() ? Long.MAX_VALUE : (long) ((Tuple) lowest.get(0)).getScore();
    return new Reach((Long) RedisNodes.reply(replies.get(1)) >= expected, oldestSeq, firstSeq);
  }

  /** The answer the session's agent is writing, as far as the views have it. */
  Optional<AnswerInProgress> answer(String sessionId) {
    return AnswerInProgress.fromHash(redis.hgetAll(views.current().answer(sessionId)));
  }

  /** Up to {@code limit} stored messages with {@code after < seq < before}, oldest first, as stored. */
  List<String> page(String sessionId, long after, long before, int limit) {
    return redis.zrangeByScore(views.current().messages(sessionId), "(" + after, "(" + before, 0, limit);
  }

  private static long number(String raw) {
    try {
      return raw == null ? 0 : Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
