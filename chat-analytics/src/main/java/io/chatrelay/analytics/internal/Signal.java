package io.chatrelay.analytics.internal;

/**
 * One thing that counts towards an agent persona's minute. The record carrying it is keyed by the agent type and
 * stamped with the event's {@code occurredAt}, which picks the minute.
 *
 * @param kind what happened
 * @param latencyMs for a reply, milliseconds from the user message to it; otherwise 0
 */
public record Signal(Kind kind, long latencyMs) {

  public enum Kind { USER_MESSAGE, REPLY, ERROR }

  public static Signal userMessage() {
    return new Signal(Kind.USER_MESSAGE, 0);
  }

  public static Signal reply(long latencyMs) {
    return new Signal(Kind.REPLY, Math.max(0, latencyMs));
  }

  public static Signal error() {
    return new Signal(Kind.ERROR, 0);
  }
}
