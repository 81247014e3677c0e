package io.chatrelay.edge.views;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import io.chatrelay.views.SessionFields;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * A session as the API returns it: {@code {id, userId, createdAt, updatedAt, status,
 * metadata: {agentType, messageCount, lastActivity}}}, read from the projector's session hash.
 */
public record SessionView(String id, String userId, String createdAt, String updatedAt, String status,
    Metadata metadata) {

  public record Metadata(String agentType, long messageCount, String lastActivity) {}

  /** The view of a session hash; empty when the hash is missing or is a deletion tombstone. */
  public static Optional<SessionView> fromHash(Map<String, String> hash) {
    if (hash == null || hash.isEmpty() || SessionFields.STATUS_DELETED.equals(hash.get(SessionFields.STATUS))
        || hash.get(SessionFields.ID) == null || hash.get(SessionFields.USER_ID) == null) {
      return Optional.empty();
    }
    return Optional.of(new SessionView(hash.get(SessionFields.ID), hash.get(SessionFields.USER_ID),
        hash.get(SessionFields.CREATED_AT), hash.get(SessionFields.UPDATED_AT), hash.get(SessionFields.STATUS),
        new Metadata(hash.get(SessionFields.AGENT_TYPE), count(hash.get(SessionFields.MESSAGE_COUNT)),
            hash.get(SessionFields.LAST_ACTIVITY))));
  }

  /**
   * A message its owner sends into this session, stamped with the session's persona so that a reader of the event
   * alone knows which agent answers it. Times in the log have millisecond precision.
   */
  public UserMessage newMessage(Instant at, String clientMessageId, String content, Map<String, Object> metadata) {
    return UserMessage.of(id, userId, at.truncatedTo(ChronoUnit.MILLIS), clientMessageId, content, metadata,
        persona());
  }

  /** The session's persona, or null when the view names none this version knows. */
  @JsonIgnore
  public AgentType persona() {
    return AgentType.parse(metadata.agentType()).orElse(null);
  }

  private static long count(String raw) {
    try {
      return raw == null ? 0 : Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
