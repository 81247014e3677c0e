package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One minute of one agent persona, as published on {@code chat-analytics} (key {@link #key()}): how many user
 * messages its sessions received, how many replies and errors it produced, and how long users waited for the replies.
 * The record for a minute is updated while events of that minute arrive; the last record per key is the figure.
 *
 * @param agentType the persona of the sessions counted
 * @param minute the start of the minute (UTC, whole minute); events count in the minute of their {@code occurredAt}
 * @param userMessages {@link UserMessage}s of the minute
 * @param replies first {@link AgentReply}s to a user message (a duplicate reply to the same message is not counted)
 * @param errors {@link AgentError}s, including session-wide ones
 * @param latencyMs reply latency, from the user message's {@code occurredAt} to its reply's; null without replies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentMinuteStats(int schemaVersion, AgentType agentType, Instant minute, long userMessages,
    long replies, long errors, Latency latencyMs) {

  public static final int SCHEMA_VERSION = 1;

  public AgentMinuteStats {
    Objects.requireNonNull(agentType, "agentType");
    Objects.requireNonNull(minute, "minute");
  }

  /** The record key, {@code <agentType>@<minute>}, e.g. {@code BankRep@2026-01-15T10:15:00Z}. */
  public String key() {
    return key(agentType, minute);
  }

  public static String key(AgentType agentType, Instant minute) {
    return agentType.name() + "@" + minute;
  }

  /**
   * Percentiles of the reply latency in milliseconds (HdrHistogram, two significant digits).
   *
   * @param count replies measured
   */
  public record Latency(long count, long p50, long p90, long p95, long p99, long max) {}
}
