package io.chatrelay.connector.internal;

import static io.chatrelay.connector.internal.TaskLoop.cancel;

import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.StreamStats;
import io.chatrelay.events.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to the message in flight while the agent streams it: its {@code response.delta} frames are gathered
 * for one window and written as one {@link AgentReplyChunk}, in order, under the session's key; what is gathered
 * when the answer ends is written before the end, so the chunks hold the text the answer ends with. The final
 * {@code AgentReply} carries the whole text again, so a chunk that fails to publish costs a stutter on screen,
 * never text in the history. Session loop only.
 */
final class AnswerStream {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerStream.class);

  private final PendingMessage message;
  private final SessionContext ctx;
  private final Instant askedAt;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder pending = new StringBuilder();
  private Instant firstTokenAt;
  private long lastIndex = -1;
  private int tokens;
  private int chunks;
  private ScheduledFuture<?> flushTimer;

  AnswerStream(PendingMessage message, SessionContext ctx, Instant askedAt) {
    this.message = message;
    this.ctx = ctx;
    this.askedAt = askedAt;
  }

  /** Takes one delta; a repeated or older index (the agent resent it) is dropped. */
  void delta(AgentFrame frame) {
    if (frame.index() >= 0 && frame.index() <= lastIndex) {
      LOG.debug("sessionId={} delta {} of {} repeated; dropped", message.sessionId(), frame.index(), message);
      return;
    }
    lastIndex = frame.index() >= 0 ? frame.index() : lastIndex + 1;
    if (firstTokenAt == null) {
      firstTokenAt = ctx.clock().instant();
    }
    tokens++;
    text.append(frame.content());
    pending.append(frame.content());
    Duration window = ctx.config().policy().streamWindow();
    if (window.isZero()) {
      flush();
    } else if (flushTimer == null) {
      flushTimer = ctx.loop().schedule(this::flush, window);
    }
  }

  /** Writes what was gathered since the last chunk as the next chunk. */
  void flush() {
    flushTimer = null;
    if (pending.isEmpty()) {
      return;
    }
    UserMessage m = message.message();
    ChatEvent chunk = new AgentReplyChunk(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, m.sessionId(), m.userId(),
        ctx.clock().instant().truncatedTo(ChronoUnit.MILLIS), m.eventId(), chunks++, pending.toString(),
        message.agentType());
    pending.setLength(0);
    ctx.publisher().publish(chunk).whenComplete((v, error) -> {
      if (error != null) {
        LOG.warn("sessionId={} chunk of {} not published ({}); the final answer still carries it",
            m.sessionId(), message, error.toString());
      }
    });
  }

  /** Whether part of the answer is already in the log, so asking the agent again would show text twice. */
  boolean written() {
    return chunks > 0;
  }

  boolean streamed() {
    return tokens > 0;
  }

  /** Everything the agent sent so far, written or not. */
  String text() {
    return text.toString();
  }

  /** How the answer streamed, measured now; null when the agent sent no delta. */
  StreamStats stats() {
    if (firstTokenAt == null) {
      return null;
    }
    Instant now = ctx.clock().instant();
    return new StreamStats(tokens, chunks, Duration.between(askedAt, firstTokenAt).toMillis(),
        Duration.between(firstTokenAt, now).toMillis());
  }

  /** The answer ended: nothing more is written for it. */
  void stop() {
    flushTimer = cancel(flushTimer);
  }
}
