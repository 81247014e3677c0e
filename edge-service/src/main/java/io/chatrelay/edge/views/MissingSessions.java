package io.chatrelay.edge.views;

/** Brings back the view of a session that is missing from Redis, when the log still holds the session. */
@FunctionalInterface
public interface MissingSessions {

  /** Never restores anything: a missing view is a missing session. */
  MissingSessions NONE = (sessionId, userId) -> false;

  /**
   * Blocking; call from worker threads only. True when the session's view was rebuilt (it may be a deletion
   * tombstone); false when the session is unknown, not {@code userId}'s, or not worth looking for.
   *
   * @param userId who asks: only a session that user's own index still lists is looked for
   * @throws Problem 429 when the user asked for too many restores, 503 when none can run right now
   */
  boolean restore(String sessionId, String userId);
}
