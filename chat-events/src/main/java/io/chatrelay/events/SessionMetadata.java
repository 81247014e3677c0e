package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What a session was opened with.
 *
 * @param agentType the persona answering in this session
 * @param userAgent the browser's user agent as the client reported it, or null
 * @param ipAddress the client address as the client reported it, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionMetadata(AgentType agentType, String userAgent, String ipAddress) {

  public SessionMetadata {
    Objects.requireNonNull(agentType, "agentType");
  }
}
