package io.chatrelay.analytics.internal;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.StreamStats;
import java.time.Instant;
import org.HdrHistogram.IntCountsHistogram;
import org.apache.kafka.common.serialization.Serde;

/**
 * The running totals of one agent persona's minute. Durations and rates go into HdrHistograms, so percentiles stay
 * exact to two significant digits however many replies a minute has, in a few hundred bytes of state.
 *
 * <p>The window store reads and rewrites this on every signal, and most signals (user messages, errors, ratings)
 * only move a count: a histogram is decoded only when a signal records into it or {@link #toStats} reads it (see
 * {@link StoredHistogram}).
 */
public final class MinuteAggregate {

  /** Longer waits are recorded as this: an answer after an hour is an outage, not a latency to chart. */
  static final long MAX_LATENCY_MS = 3_600_000L;
  /** Tokens per second are recorded in tenths, so slow streams keep their decimal. */
  static final int RATE_SCALE = 10;
  /** Faster streams are recorded as this: a hundred thousand tokens a second is a clock glitch, not a rate. */
  static final long MAX_TOKENS_PER_SECOND = 100_000L;

  long userMessages;
  long replies;
  long errors;
  long cancelled;
  long interrupted;
  long feedbackUp;
  long feedbackDown;
  long streamedReplies;
  long tokens;
  long streamMs;
  final StoredHistogram latency;
  final StoredHistogram firstToken;
  final StoredHistogram tokenRate;

  public MinuteAggregate() {
    this(new StoredHistogram(MAX_LATENCY_MS), new StoredHistogram(MAX_LATENCY_MS),
        new StoredHistogram(MAX_TOKENS_PER_SECOND * RATE_SCALE));
  }

  MinuteAggregate(StoredHistogram latency, StoredHistogram firstToken, StoredHistogram tokenRate) {
    this.latency = latency;
    this.firstToken = firstToken;
    this.tokenRate = tokenRate;
  }

  public MinuteAggregate add(Signal signal) {
    switch (signal.kind()) {
      case USER_MESSAGE -> userMessages++;
      case REPLY -> addReply(signal);
      case ERROR -> errors++;
      case FEEDBACK_UP -> feedbackUp++;
      case FEEDBACK_DOWN -> feedbackDown++;
    }
    return this;
  }

  private void addReply(Signal reply) {
    replies++;
    latency.record(reply.latencyMs());
    if (reply.finish() == Signal.Finish.CANCELLED) {
      cancelled++;
    } else if (reply.finish() == Signal.Finish.INTERRUPTED) {
      interrupted++;
    }
    StreamStats stream = reply.stream();
    if (stream != null) {
      streamedReplies++;
      tokens += stream.tokens();
      streamMs += stream.streamMs();
      firstToken.record(stream.firstTokenMs());
      // A stream that took no measurable time has no rate (StreamStats gives 0, which is no speed either).
      if (stream.streamMs() > 0) {
        tokenRate.record(Math.round(stream.tokensPerSecond() * RATE_SCALE));
      }
    }
  }

  public AgentMinuteStats toStats(AgentType agentType, Instant minute) {
    return new AgentMinuteStats(AgentMinuteStats.SCHEMA_VERSION, agentType, minute, userMessages, replies, errors,
        durations(latency), cancelled, interrupted, feedbackUp, feedbackDown, streamedReplies, tokens, streamMs,
        durations(firstToken), rates(tokenRate));
  }

  private static AgentMinuteStats.Latency durations(StoredHistogram stored) {
    if (stored.isEmpty()) {
      return null;
    }
    IntCountsHistogram h = stored.histogram();
    return new AgentMinuteStats.Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
        h.getValueAtPercentile(95), h.getValueAtPercentile(99), h.getMaxValue());
  }

  private static AgentMinuteStats.Rate rates(StoredHistogram stored) {
    if (stored.isEmpty()) {
      return null;
    }
    IntCountsHistogram h = stored.histogram();
    return new AgentMinuteStats.Rate(h.getTotalCount(), rate(h, 10), rate(h, 50), rate(h, 90));
  }

  /**
   * The percentile's bucket by its lowest value, where durations report its highest: neither looks better than
   * measured (a slow rate is the bad one), and a rate of exactly 30 tokens a second reads 30.0.
   */
  private static double rate(IntCountsHistogram h, double percentile) {
    return (double) h.lowestEquivalentValue(h.getValueAtPercentile(percentile)) / RATE_SCALE;
  }

  /** The binary form for the window store: see {@link MinuteAggregateSerde}. */
  public static Serde<MinuteAggregate> serde() {
    return MinuteAggregateSerde.SERDE;
  }
}
