package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.Objects;

/**
 * One minute of one agent persona, as published on {@code chat-analytics} (key {@link #key()}): how many user
 * messages its sessions received, how many replies and errors it produced, how long users waited for the replies,
 * how the streamed replies came and how users rated the answers. The record for a minute is updated while events of
 * that minute arrive; the last record per key is the figure.
 *
 * <p>The counts from {@code cancelled} on were added later without changing {@code schemaVersion}: records published
 * before them lack them, and read as 0 (or null for the percentiles).
 *
 * @param agentType the persona of the sessions counted
 * @param minute the start of the minute (UTC, whole minute); events count in the minute of their {@code occurredAt}
 * @param userMessages {@link UserMessage}s of the minute
 * @param replies first {@link AgentReply}s to a user message (a duplicate reply to the same message is not counted),
 *     including cancelled and interrupted ones; {@link AgentReplyChunk}s are pieces of a reply, not replies
 * @param errors {@link AgentError}s, including session-wide ones
 * @param latencyMs reply latency, from the user message's {@code occurredAt} to its reply's (for a cancelled or
 *     interrupted reply, to the reply that ended it); null without replies
 * @param cancelled of {@code replies}, those the user stopped ({@link AgentReply#FINISH_CANCELLED})
 * @param interrupted of {@code replies}, those cut off when their connector stopped
 *     ({@link AgentReply#FINISH_INTERRUPTED})
 * @param feedbackUp {@link AnswerFeedback}s rating an answer {@code up}
 * @param feedbackDown {@link AnswerFeedback}s rating an answer {@code down}
 * @param streamedReplies of {@code replies}, those that carry {@link AgentReply#stream()}
 * @param tokens the {@link StreamStats#tokens()} of the streamed replies, summed
 * @param streamMs the {@link StreamStats#streamMs()} of the streamed replies, summed: {@code tokens * 1000 /
 *     streamMs} is the minute's overall rate
 * @param timeToFirstTokenMs {@link StreamStats#firstTokenMs()} of the streamed replies; null without any
 * @param tokensPerSecond {@link StreamStats#tokensPerSecond()} of the streamed replies that took measurable time;
 *     null without any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentMinuteStats(int schemaVersion, AgentType agentType, Instant minute, long userMessages,
    long replies, long errors, Latency latencyMs,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long cancelled,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long interrupted,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long feedbackUp,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long feedbackDown,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long streamedReplies,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long tokens,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long streamMs,
    Latency timeToFirstTokenMs, Rate tokensPerSecond) {

  public static final int SCHEMA_VERSION = 1;

  public AgentMinuteStats {
    Objects.requireNonNull(agentType, "agentType");
    Objects.requireNonNull(minute, "minute");
  }

  /** A minute without streamed replies, cancellations or ratings: the record as first published. */
  public AgentMinuteStats(int schemaVersion, AgentType agentType, Instant minute, long userMessages, long replies,
      long errors, Latency latencyMs) {
    this(schemaVersion, agentType, minute, userMessages, replies, errors, latencyMs, 0, 0, 0, 0, 0, 0, 0, null, null);
  }

  /** The record key, {@code <agentType>@<minute>}, e.g. {@code BankRep@2026-01-15T10:15:00Z}. */
  public String key() {
    return key(agentType, minute);
  }

  public static String key(AgentType agentType, Instant minute) {
    return agentType.name() + "@" + minute;
  }

  /**
   * Percentiles of a duration in milliseconds (HdrHistogram, two significant digits).
   *
   * @param count replies measured
   */
  public record Latency(long count, long p50, long p90, long p95, long p99, long max) {}

  /**
   * Percentiles of a rate, to one decimal (HdrHistogram, two significant digits). The slow end is the low one:
   * {@code p10} is the rate nine in ten measured replies beat.
   *
   * @param count replies measured
   */
  public record Rate(long count, double p10, double p50, double p90) {}
}
