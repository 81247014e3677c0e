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
 * <p>The persona of a session this connector never saw created (its {@code SessionCreated} lies before the
 * committed offset, e.g. after a restart, or was evicted) is, in order: the {@code agentType} the client put in the
 * message's metadata, if it names a persona; otherwise the configured default. Reading the whole log back on every
 * assignment to find old {@code SessionCreated} events would make start-up cost grow with history, so the fallback
 * is the price of a bounded start-up.
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
    Entry entry = entries.get(message.sessionId());
    if (entry != null) {
      return entry.agentType();
    }
    Object hinted = message.metadata().get("agentType");
    return hinted instanceof String name ? AgentType.parse(name).orElse(fallback) : fallback;
  }

  public int size() {
    return entries.size();
  }
}
