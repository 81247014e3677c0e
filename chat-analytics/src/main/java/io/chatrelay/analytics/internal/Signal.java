package io.chatrelay.analytics.internal;

import io.chatrelay.events.AgentReply;
import io.chatrelay.events.StreamStats;

/**
 * One thing that counts towards an agent persona's minute. The record carrying it is keyed by the agent type and
 * stamped with the event's {@code occurredAt}, which picks the minute.
 *
 * @param kind what happened
 * @param latencyMs for a reply, milliseconds from the user message to it; otherwise 0
 * @param finish for a reply the agent did not finish, how it ended; otherwise null
 * @param stream for a streamed reply, how it streamed (no value negative); otherwise null
 */
public record Signal(Kind kind, long latencyMs, Finish finish, StreamStats stream) {

  public enum Kind { USER_MESSAGE, REPLY, ERROR, FEEDBACK_UP, FEEDBACK_DOWN }

  public enum Finish { CANCELLED, INTERRUPTED }

  public Signal {
    if (kind != Kind.REPLY && (finish != null || stream != null)) {
      throw new IllegalArgumentException("only a reply has a finish or a stream: " + kind);
    }
  }

  public static Signal userMessage() {
    return new Signal(Kind.USER_MESSAGE, 0, null, null);
  }

  public static Signal reply(long latencyMs) {
    return reply(latencyMs, null, null);
  }

  public static Signal reply(long latencyMs, Finish finish, StreamStats stream) {
    StreamStats measured = stream == null ? null : new StreamStats(Math.max(0, stream.tokens()),
        Math.max(0, stream.chunks()), Math.max(0, stream.firstTokenMs()), Math.max(0, stream.streamMs()));
    return new Signal(Kind.REPLY, Math.max(0, latencyMs), finish, measured);
  }

  /** The signal of a reply as the log has it ({@link AgentReply#finish()}, {@link AgentReply#stream()}). */
  public static Signal reply(long latencyMs, AgentReply reply) {
    Finish finish = AgentReply.FINISH_CANCELLED.equals(reply.finish()) ? Finish.CANCELLED
        : AgentReply.FINISH_INTERRUPTED.equals(reply.finish()) ? Finish.INTERRUPTED : null;
    return reply(latencyMs, finish, reply.stream());
  }

  public static Signal error() {
    return new Signal(Kind.ERROR, 0, null, null);
  }

  public static Signal feedback(boolean up) {
    return new Signal(up ? Kind.FEEDBACK_UP : Kind.FEEDBACK_DOWN, 0, null, null);
  }

  /** Whether the nine-byte form (kind and latency) carries all of it. */
  boolean isPlain() {
    return finish == null && stream == null;
  }
}
