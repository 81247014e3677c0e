package io.chatrelay.views;

import java.util.Objects;

/**
 * Where the session projector keeps its Redis views and where the edge reads them. All keys share one prefix so a
 * rebuild can write a fresh set beside the live one.
 *
 * <p>Keys are laid out for Redis Cluster. A session's keys carry its id as the hash tag ({@code {sessionId}}), so
 * the one script that applies an event touches one slot; the user's index carries the user id. What describes the
 * whole views (the positions, the live-prefix pointer) carries the tag {@value #META_TAG}, so the script that ends a
 * batch and the one that switches prefixes touch one slot too. On a single Redis server the tags change nothing.
 *
 * <ul>
 *   <li>{@link #session}: a hash of {@link SessionFields} per session; a deleted session keeps a small tombstone
 *       (status {@code deleted}, its owner and last applied position) so a replay cannot bring it back;</li>
 *   <li>{@link #messages}: a sorted set per session, score = {@code seq}, member = one {@link MessageView} as JSON;</li>
 *   <li>{@link #userSessions}: a sorted set per user, score = last activity (epoch ms), member = session id;</li>
 *   <li>{@link #replied}: the user-message ids of a session that already have their visible reply or error;</li>
 *   <li>{@link #answer}: a hash of {@link AnswerFields}, the answer being streamed in a session, until it
 *       ends;</li>
 *   <li>{@link #positions}: a hash, field = partition number, value = the next log offset to apply.</li>
 * </ul>
 */
public record ViewKeys(String prefix) {

  public static final String DEFAULT_PREFIX = "relay:";
  /** The hash tag of the keys that describe the views as a whole, for every prefix. */
  public static final String META_TAG = "{views}";

  public ViewKeys {
    Objects.requireNonNull(prefix, "prefix");
  }

  public static ViewKeys defaults() {
    return new ViewKeys(DEFAULT_PREFIX);
  }

  public String session(String sessionId) {
    return prefix + "session:{" + sessionId + "}";
  }

  public String messages(String sessionId) {
    return prefix + "messages:{" + sessionId + "}";
  }

  public String userSessions(String userId) {
    return prefix + "user-sessions:{" + userId + "}";
  }

  public String replied(String sessionId) {
    return prefix + "replied:{" + sessionId + "}";
  }

  public String answer(String sessionId) {
    return prefix + "answer:{" + sessionId + "}";
  }

  public String positions() {
    return prefix + META_TAG + "positions";
  }
}
