package io.chatrelay.edge.internal;

/** Brings back the view of a session that is missing from Redis, when the log still holds the session. */
@FunctionalInterface
public interface MissingSessions {

  /** Never restores anything: a missing view is a missing session. */
  MissingSessions NONE = sessionId -> false;

  /**
   * Blocking; call from worker threads only. True when the session's view was rebuilt (it may belong to anyone and
   * may be a deletion tombstone); false when the session is unknown or not worth looking for.
   */
  boolean restore(String sessionId);
}
