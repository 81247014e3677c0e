package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.UserMessage;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Builds the events the connector writes to the log; pure apart from the clock and fresh event ids. */
public final class Outcomes {

  public static final String AGENT_ERROR = "agent_error";
  public static final String AGENT_TIMEOUT = "agent_timeout";
  public static final String AGENT_UNAVAILABLE = "agent_unavailable";
  public static final String CANCELLED = "cancelled";
  public static final String INTERRUPTED = "interrupted";
  public static final String STATUS_THINKING = "thinking";
  public static final String STATUS_UNAVAILABLE = "unavailable";
  public static final String STATUS_AVAILABLE = "available";

  private final Clock clock;

  public Outcomes(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The agent's response frame as the reply to {@code question}, after it streamed {@code streamed}.
   *
   * @param content the whole answer: the frame's, or the streamed text when the frame came empty
   */
  public AgentReply reply(PendingMessage question, AgentFrame frame, String content, StreamStats streamed) {
    UserMessage m = question.message();
    // The persona is the one the connector asked (the session's), whatever the agent claims to be: an agent
    // must not make its answer look like another persona's in the log, the views and analytics.
    // Of the agent's metadata only confidence and processingTime reach the log; anything else it sends is dropped.
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, m.sessionId(), m.userId(), now(),
        m.eventId(), frame.id(), content,
        new AgentMetadata(question.agentType(), frame.confidence(), frame.processingTime()), null, streamed);
  }

  /**
   * The end of an answer stopped part-way: {@code finish} is {@link AgentReply#FINISH_CANCELLED} or
   * {@link AgentReply#FINISH_INTERRUPTED}, {@code text} what was written until then (possibly nothing).
   */
  public AgentReply stopped(PendingMessage question, String finish, String text, StreamStats streamed) {
    UserMessage m = question.message();
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, m.sessionId(), m.userId(), now(),
        m.eventId(), null, text, new AgentMetadata(question.agentType(), null, null), finish, streamed);
  }

  /** The agent's error frame; its text is the agent's own sentence for the user. */
  public AgentError agentError(PendingMessage question, AgentFrame frame) {
    String content = frame.content().isBlank()
        ? "The " + displayName(question.agentType()) + " could not answer this message." : frame.content();
    return error(question, AGENT_ERROR, content);
  }

  /** The agent's answer was larger than the connector accepts, so it is not shown. */
  public AgentError tooLarge(PendingMessage question) {
    return error(question, AGENT_ERROR, "The " + displayName(question.agentType())
        + " sent an answer too large to show. Please try again.");
  }

  public AgentError timeout(PendingMessage question) {
    return error(question, AGENT_TIMEOUT, "The " + displayName(question.agentType())
        + " took too long to answer. Please try again.");
  }

  public AgentError unavailable(PendingMessage question) {
    return error(question, AGENT_UNAVAILABLE, "The " + displayName(question.agentType())
        + " could not be reached, so this message was not answered. Please try again later.");
  }

  /** An agent status frame, shown live to the user (typically "thinking"). */
  public AgentStatus agentStatus(String sessionId, String userId, AgentType type, AgentFrame frame) {
    return status(sessionId, userId, type, frame.status().orElse(STATUS_THINKING), frame.content());
  }

  public AgentStatus unavailableStatus(String sessionId, String userId, AgentType type) {
    return status(sessionId, userId, type, STATUS_UNAVAILABLE, "The " + displayName(type)
        + " is unavailable at the moment; your message will be answered when it is back.");
  }

  public AgentStatus availableStatus(String sessionId, String userId, AgentType type) {
    return status(sessionId, userId, type, STATUS_AVAILABLE, "The " + displayName(type) + " is back.");
  }

  private AgentError error(PendingMessage question, String code, String content) {
    UserMessage m = question.message();
    return new AgentError(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, m.sessionId(), m.userId(), now(),
        m.eventId(), code, content, question.agentType());
  }

  private AgentStatus status(String sessionId, String userId, AgentType type, String status, String content) {
    return new AgentStatus(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, sessionId, userId, now(), status,
        content, type);
  }

  private static String displayName(AgentType type) {
    // "Bank representative" reads as "The bank representative" mid-sentence.
    String name = type.displayName();
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /** Millisecond precision, like every other timestamp in the log, so analysts see one format. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
