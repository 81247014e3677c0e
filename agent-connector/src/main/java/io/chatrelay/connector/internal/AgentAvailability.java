package io.chatrelay.connector.internal;

import static io.chatrelay.connector.internal.TaskLoop.cancel;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of its agent's availability: whether a message may go to the agent now and, when it may not,
 * when it is tried again or given up. Session loop only.
 *
 * <p>When the agent cannot be reached a message is retried with backoff ({@code AGENT_RECONNECT_ATTEMPTS} retries
 * after the first failure) and then fails with {@code agent_unavailable}; the user is told the agent is unavailable
 * at the first failed attempt. While the endpoint's circuit breaker is
 * open, messages are neither sent nor failed: they stay queued and uncommitted, the user is told once per outage
 * that the agent is unavailable and that the message will be answered when it is back, and they are sent when the
 * breaker lets calls through again. A message fails with {@code agent_unavailable} only after it has waited
 * {@code AGENT_UNAVAILABLE_GIVE_UP_MS} since it was read. We retry rather than fail fast because a user would
 * rather get a late answer than have to resend; we fail after a bound because nobody should wait forever for a
 * message that will never be answered, and an unbounded backlog would be answered long after it mattered.
 */
final class AgentAvailability {

  private static final Logger LOG = LoggerFactory.getLogger(AgentAvailability.class);
  private static final int MAX_BACKOFF_STEP = 30;

  private final String sessionId;
  private final URI endpoint;
  private final BreakerGate breaker;
  private final SessionContext ctx;
  private final StatusNotices notices;
  private final Runnable onWake;
  private ScheduledFuture<?> wakeTimer;
  private boolean parked;

  /** @param onWake runs when a waiting message may be tried again */
  AgentAvailability(String sessionId, URI endpoint, CircuitBreaker breaker, SessionContext ctx,
      StatusNotices notices, Runnable onWake) {
    this.sessionId = sessionId;
    this.endpoint = endpoint;
    this.breaker = new BreakerGate(breaker, ctx.clock());
    this.ctx = ctx;
    this.notices = notices;
    this.onWake = onWake;
  }

  /** True while a message waits for its next try; nothing goes to the agent meanwhile. */
  boolean waiting() {
    return wakeTimer != null;
  }

  /** Takes the breaker's permission for one call; false while the breaker refuses calls. */
  boolean tryStart() {
    return breaker.tryStart();
  }

  /**
   * The breaker refused {@code next}: it waits, the user told once per outage, until the breaker may let it
   * through. False when it has waited long enough and fails instead.
   */
  boolean park(PendingMessage next) {
    Duration waited = Duration.between(next.receivedAt(), ctx.clock().instant());
    Duration left = ctx.config().unavailableGiveUp().minus(waited);
    if (left.isNegative() || left.isZero()) {
      LOG.warn("sessionId={} {} waited {} ms for an unavailable agent; failing it", sessionId, next,
          waited.toMillis());
      return false;
    }
    if (breaker.tellUnavailable()) {
      LOG.info("sessionId={} agent endpoint={} unavailable; {} waits", sessionId, UrlMask.masked(endpoint), next);
      notices.unavailable();
    }
    parked = true;
    Duration recheck = left.compareTo(ctx.config().breakerOpen()) < 0 ? left : ctx.config().breakerOpen();
    wakeTimer = ctx.loop().schedule(this::wake, recheck);
    return true;
  }

  /**
   * A call of {@code message} failed, the {@code failures}th time: it is tried again after a backoff. False when
   * its retries are spent and it fails. With the breaker open or probing, the give-up bound of {@link #park}
   * decides instead.
   */
  boolean retry(PendingMessage message, int failures, String reason) {
    if (failures > ctx.config().reconnectAttempts() && breaker.closed()) {
      LOG.warn("sessionId={} {} failed {} times, last: {}; giving up", sessionId, message, failures, reason);
      return false;
    }
    Duration delay = ctx.backoff().delay(Math.min(failures - 1, MAX_BACKOFF_STEP));
    LOG.warn("sessionId={} {} attempt {} failed: {}; retrying in {} ms", sessionId, message, failures, reason,
        delay.toMillis());
    if (breaker.tellUnavailable()) {
      // The user hears at the first failed attempt, not once the retries have opened the breaker (seconds later);
      // "available" follows as soon as an answer comes.
      notices.unavailable();
    }
    wakeTimer = ctx.loop().schedule(this::wake, delay);
    return true;
  }

  /** The agent answered the call. */
  void answered() {
    breaker.succeeded();
    if (breaker.closed() && breaker.tellAvailable()) {
      // This answer closed the breaker: say the agent is back before the answer, not after it.
      notices.available();
    }
  }

  /** The call failed: no answer, an error frame, or no connection. */
  void failed(Throwable cause) {
    breaker.failed(cause);
  }

  /** The call was given up before the agent answered (the user stopped it): it says nothing about the agent. */
  void abandoned() {
    breaker.release();
  }

  /** The endpoint's breaker changed state: wake a parked message, and say the agent is back when it closed. */
  void breakerChanged(CircuitBreaker.State to) {
    if (to == CircuitBreaker.State.CLOSED && breaker.tellAvailable()) {
      notices.available();
    }
    if (parked && to != CircuitBreaker.State.OPEN) {
      wakeTimer = cancel(wakeTimer);
      wake();
    }
  }

  /** Stops waiting, and gives back a permission that no call will report on. */
  void stop() {
    wakeTimer = cancel(wakeTimer);
    breaker.release();
  }

  private void wake() {
    wakeTimer = null;
    parked = false;
    onWake.run();
  }
}
