package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the connector learnt about sessions from the log: each session's persona (from {@code SessionCreated}) and
 * whether it was deleted. Bounded, least recently used first out, so a long-running connector does not grow with
 * every session ever opened. Used on the poll thread only.
 *
 * <p>The edge stamps every {@code UserMessage} with its session's persona, so that is used first: it stays right
 * after a restart, when the session's {@code SessionCreated} lies before the committed offset. Only events written
 * before that field existed fall back to the remembered {@code SessionCreated}, then to the configured default.
 * The client's own message metadata is never consulted: a user must not pick another persona than the session's.
 */
public final class SessionDirectory {

  private record Entry(AgentType agentType, boolean deleted) {}

  private final AgentType fallback;
  private final Map<String, Entry> entries;

  public SessionDirectory(AgentType fallback, int capacity) {
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  public void created(String sessionId, AgentType agentType) {
    entries.put(sessionId, new Entry(agentType, false));
  }

  public void deleted(String sessionId) {
    Entry previous = entries.get(sessionId);
    entries.put(sessionId, new Entry(previous == null ? fallback : previous.agentType(), true));
  }

  public boolean isDeleted(String sessionId) {
    Entry entry = entries.get(sessionId);
    return entry != null && entry.deleted();
  }

  /** The persona that answers {@code message}; see the class comment for sessions never seen created. */
  public AgentType agentTypeFor(UserMessage message) {
    if (message.agentType() != null) {
      return message.agentType();
    }
    Entry entry = entries.get(message.sessionId());
    return entry != null ? entry.agentType() : fallback;
  }

  public int size() {
    return entries.size();
  }
}
