package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user message this connector owes an outcome: its place in the log ({@code ticket}), the persona that answers
 * it, and when it was read (the unavailability give-up bound counts from there). {@code failures} is only touched
 * on the session loop thread.
 */
public final class PendingMessage {

  private final UserMessage message;
  private final AgentType agentType;
  private final OffsetTracker.Ticket ticket;
  private final Instant receivedAt;
  private int failures;
  private LogPrior prior = LogPrior.NONE;
  private boolean cancelRequested;

  public PendingMessage(UserMessage message, AgentType agentType, OffsetTracker.Ticket ticket, Instant receivedAt) {
    this.message = Objects.requireNonNull(message, "message");
    this.agentType = Objects.requireNonNull(agentType, "agentType");
    this.ticket = Objects.requireNonNull(ticket, "ticket");
    this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
  }

  public UserMessage message() {
    return message;
  }

  public UUID eventId() {
    return message.eventId();
  }

  public String sessionId() {
    return message.sessionId();
  }

  public AgentType agentType() {
    return agentType;
  }

  public OffsetTracker.Ticket ticket() {
    return ticket;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public int failures() {
    return failures;
  }

  /** Counts one more failed attempt and returns the new count. */
  public int recordFailure() {
    return ++failures;
  }

  /** What the log held about this message before this connector read it; {@link LogPrior#NONE} usually. */
  public LogPrior prior() {
    return prior;
  }

  public PendingMessage withPrior(LogPrior prior) {
    this.prior = Objects.requireNonNull(prior, "prior");
    return this;
  }

  /** The user asked to stop this message's answer before it was asked. Session loop only. */
  public boolean cancelRequested() {
    return cancelRequested || prior.cancelled();
  }

  public void requestCancel() {
    cancelRequested = true;
  }

  @Override
  public String toString() {
    return "message " + message.eventId() + " at " + ticket;
  }
}
