package io.chatrelay.views.redis;

import java.util.Arrays;

/** What applying one event did to the views. Only {@link #APPLIED} changed them beyond the position. */
public enum Outcome {
  APPLIED("applied", false),
  /** Already applied (its offset is at or below the session's {@code lastSeq}): replays land here. */
  DUPLICATE("duplicate", false),
  /** A second reply or error to the same user message; the first one stays the only visible answer. */
  ALREADY_REPLIED("already_replied", false),
  /**
   * A chunk that does not continue the answer being streamed (a repeat, or a second stream for an answer that
   * already has one); taking it would show text twice or out of order.
   */
  STRAY_CHUNK("stray_chunk", false),
  UNKNOWN_SESSION("unknown_session", true),
  DELETED_SESSION("deleted_session", true),
  /** A second SessionCreated for a live session. */
  SESSION_EXISTS("session_exists", true),
  /** The event names a different user than the session's owner. */
  FOREIGN_USER("foreign_user", true),
  /** The event sits on another partition than the session's first event, so offsets cannot order it. */
  OTHER_PARTITION("other_partition", true),
  /**
   * Not applied: the event is older than the sessions' time to live ({@link SessionExpiry}), so its session is cold
   * and is restored from the log when someone opens it.
   */
  EXPIRED("expired", false),
  /** The record was not a chat event. */
  UNREADABLE("unreadable", true),
  /** Redis refused the script for this event. */
  FAILED("failed", true);

  private final String code;
  private final boolean degraded;

  Outcome(String code, boolean degraded) {
    this.code = code;
    this.degraded = degraded;
  }

  /** The reply of the apply script. */
  public String code() {
    return code;
  }

  /** True when the event was ignored for a reason an operator should hear about. */
  public boolean degraded() {
    return degraded;
  }

  public static Outcome fromCode(String code) {
    return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown apply outcome '" + code + "'"));
  }
}
