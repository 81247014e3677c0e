package io.chatrelay.views.redis.internal;

import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.params.ZAddParams;

/**
 * What a batch changes in the users' indexes of sessions ({@link ViewKeys#userSessions}), gathered per user so each
 * index is written once per batch, after the sessions themselves.
 *
 * <p>It follows what each session <em>is</em> after its event, not only what the event changed: a replay over
 * existing views (a retried batch whose index write was lost, say) gives {@code duplicate} and still restores the
 * entry, and any event of a deleted session removes it again. Scores only grow ({@code ZADD GT}), so a replayed old
 * event cannot move a session back in its user's list.
 */
public final class UserIndexChanges {

  public static final String LIVE = "live";
  public static final String DELETED = "deleted";

  private final Map<String, Map<String, Double>> touched = new LinkedHashMap<>();
  private final Map<String, Map<String, Boolean>> removed = new LinkedHashMap<>();

  /** Takes one applied (or ignored) event into account; {@code state} is what the script says the session is. */
  public void add(ScriptCall call, Outcome outcome, String state) {
    String user = call.userId();
    String session = call.sessionId();
    if (DELETED.equals(state)) {
      removed.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(session, true);
      Map<String, Double> scores = touched.get(user);
      if (scores != null) {
        scores.remove(session);
      }
      return;
    }
    boolean activity = ScriptCall.OP_CREATED.equals(call.op()) || ScriptCall.OP_MESSAGE.equals(call.op());
    boolean taken = outcome == Outcome.APPLIED || outcome == Outcome.DUPLICATE || outcome == Outcome.ALREADY_REPLIED;
    if (LIVE.equals(state) && activity && taken) {
      touched.computeIfAbsent(user, u -> new LinkedHashMap<>())
          .merge(session, (double) call.occurredAtMillis(), Math::max);
    }
  }

  public boolean isEmpty() {
    return touched.values().stream().allMatch(Map::isEmpty) && removed.isEmpty();
  }

  /** Queues the writes, one ZADD and at most one ZREM per user. */
  public void writeTo(AbstractPipeline pipeline, ViewKeys keys) {
    touched.forEach((user, scores) -> {
      if (!scores.isEmpty()) {
        pipeline.zadd(keys.userSessions(user), scores, ZAddParams.zAddParams().gt());
      }
    });
    removed.forEach((user, sessions) ->
        pipeline.zrem(keys.userSessions(user), sessions.keySet().toArray(String[]::new)));
  }
}
