package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat session's conversation with the agent: its queue (one message in flight, answers matched by order),
 * its line to the agent, and the outcome every message gets. Runs on the session loop only.
 *
 * <p>When the agent cannot be reached a message is retried with backoff ({@code AGENT_RECONNECT_ATTEMPTS} retries
 * after the first failure) and then fails with {@code agent_unavailable}. While the endpoint's circuit breaker is
 * open, messages are neither sent nor failed: they stay queued and uncommitted, the user is told once per outage
 * that the agent is unavailable and that the message will be answered when it is back, and they are sent when the
 * breaker lets calls through again. A message fails with {@code agent_unavailable} only after it has waited
 * {@code AGENT_UNAVAILABLE_GIVE_UP_MS} since it was read. We retry rather than fail fast because a user would
 * rather get a late answer than have to resend; we fail after a bound because nobody should wait forever for a
 * message that will never be answered, and an unbounded backlog would be answered long after it mattered.
 */
public final class SessionWorker implements AgentChannel.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(SessionWorker.class);
  private static final int MAX_BACKOFF_STEP = 30;

  private final String sessionId;
  private final String userId;
  private final AgentType agentType;
  private final TopicPartition partition;
  private final URI endpoint;
  private final BreakerGate breaker;
  private final SessionContext ctx;
  private final Runnable onIdle;
  private final SessionQueue queue = new SessionQueue();
  private final AgentChannel link;
  private final StatusLimiter statusLimiter;

  private long call;
  private boolean publishing;
  private boolean parked;
  private boolean closed;
  private ScheduledFuture<?> wakeTimer;
  private ScheduledFuture<?> replyTimer;
  private ScheduledFuture<?> idleTimer;

  public SessionWorker(PendingMessage first, URI endpoint, CircuitBreaker breaker,
      SessionContext ctx, Runnable onIdle) {
    this.sessionId = first.sessionId();
    this.userId = first.message().userId();
    this.agentType = first.agentType();
    this.partition = first.ticket().partition();
    this.endpoint = endpoint;
    this.breaker = new BreakerGate(breaker, ctx.clock());
    this.ctx = ctx;
    this.onIdle = onIdle;
    this.link = ctx.links().open(sessionId, userId, endpoint, this);
    this.statusLimiter = new StatusLimiter(ctx.clock(), ctx.config().policy().statusPerSecond(),
        ctx.config().policy().statusBurst());
  }

  public void enqueue(PendingMessage message) {
    if (closed) {
      return;
    }
    if (!queue.offer(message)) {
      LOG.debug("sessionId={} {} is already queued", sessionId, message);
      return;
    }
    pump();
  }

  private void pump() {
    if (closed || queue.busy() || wakeTimer != null) {
      return;
    }
    PendingMessage next = queue.next();
    if (next == null) {
      armIdle();
      return;
    }
    idleTimer = cancel(idleTimer);
    if (!breaker.tryStart()) {
      refused(next);
      return;
    }
    PendingMessage message = queue.start();
    long id = ++call;
    LOG.debug("sessionId={} forwarding {}", sessionId, message);
    link.send(AgentFrame.outbound(message.message(), agentType)).whenComplete((v, error) -> {
      if (error != null) {
        callFailed(message, id, rootMessage(error), error);
      } else if (current(message, id)) {
        replyTimer = ctx.loop().schedule(() -> replyTimedOut(message, id), ctx.config().replyTimeout());
      }
    });
  }

  /** The breaker is open: wait for it (telling the user once) unless the message has waited long enough. */
  private void refused(PendingMessage next) {
    Duration waited = Duration.between(next.receivedAt(), ctx.clock().instant());
    Duration left = ctx.config().unavailableGiveUp().minus(waited);
    if (left.isNegative() || left.isZero()) {
      LOG.warn("sessionId={} {} waited {} ms for an unavailable agent; failing it", sessionId, next,
          waited.toMillis());
      conclude(queue.start(), ctx.outcomes().unavailable(next), Outcomes.AGENT_UNAVAILABLE);
      return;
    }
    if (breaker.tellUnavailable()) {
      LOG.info("sessionId={} agent endpoint={} unavailable; {} waits", sessionId, UrlMask.masked(endpoint), next);
      ctx.publishStatus(ctx.outcomes().unavailableStatus(sessionId, userId, agentType));
    }
    parked = true;
    Duration recheck = left.compareTo(ctx.config().breakerOpen()) < 0 ? left : ctx.config().breakerOpen();
    wakeTimer = ctx.loop().schedule(this::wake, recheck);
  }

  private void wake() {
    wakeTimer = null;
    parked = false;
    pump();
  }

  @Override
  public void onFrame(AgentFrame frame) {
    if (closed) {
      return;
    }
    switch (frame.type()) {
      case AgentFrame.STATUS -> status(frame);
      case AgentFrame.RESPONSE, AgentFrame.ERROR -> answered(frame);
      default -> LOG.warn("sessionId={} agent frame of unknown type '{}' dropped", sessionId, frame.type());
    }
  }

  private void status(AgentFrame frame) {
    if (statusLimiter.tryAcquire()) {
      ctx.publishStatus(ctx.outcomes().agentStatus(sessionId, userId, agentType, frame));
    } else {
      LOG.debug("sessionId={} agent status frame dropped: over the status rate", sessionId);
      ctx.countRefusedFrame("status_rate_limited");
    }
  }

  /**
   * The agent sent a frame above the cap and its socket is gone. The question in flight fails visibly rather
   * than being asked again: an agent that answered this way once will most likely do it again.
   */
  @Override
  public void onFrameTooLarge(long bytes) {
    ctx.countRefusedFrame("too_large");
    PendingMessage message = queue.inFlight();
    LOG.warn("sessionId={} agent frame over {} bytes refused; {} fails", sessionId,
        ctx.config().policy().maxFrameBytes(), message == null ? "nothing in flight" : message);
    if (closed || message == null || publishing) {
      return;
    }
    breaker.failed(new IOException("agent frame too large"));
    conclude(message, ctx.outcomes().tooLarge(message), Outcomes.AGENT_ERROR);
  }

  private void answered(AgentFrame frame) {
    PendingMessage message = queue.inFlight();
    if (message == null || publishing || !queue.answers(frame.inReplyTo().orElse(null))) {
      LOG.warn("sessionId={} agent {} frame id={} matches no message in flight; dropped", sessionId, frame.type(),
          frame.id());
      return;
    }
    if (frame.type().equals(AgentFrame.RESPONSE)) {
      breaker.succeeded();
      if (breaker.closed() && breaker.tellAvailable()) {
        // This answer closed the breaker: say the agent is back before the answer, not after it.
        ctx.publishStatus(ctx.outcomes().availableStatus(sessionId, userId, agentType));
      }
      conclude(message, ctx.outcomes().reply(message, frame), "reply");
    } else {
      breaker.failed(new IOException("agent answered with an error frame"));
      conclude(message, ctx.outcomes().agentError(message, frame), Outcomes.AGENT_ERROR);
    }
  }

  private void replyTimedOut(PendingMessage message, long id) {
    if (!current(message, id)) {
      return;
    }
    replyTimer = null;
    LOG.warn("sessionId={} {} not answered within {} ms", sessionId, message,
        ctx.config().replyTimeout().toMillis());
    breaker.failed(new TimeoutException("no answer within " + ctx.config().replyTimeout()));
    // A late answer on this socket would be taken as the answer to the next message: start the next afresh.
    link.discard();
    conclude(message, ctx.outcomes().timeout(message), Outcomes.AGENT_TIMEOUT);
  }

  private void callFailed(PendingMessage message, long id, String reason, Throwable cause) {
    if (!current(message, id)) {
      return;
    }
    replyTimer = cancel(replyTimer);
    breaker.failed(cause);
    link.discard();
    int failures = message.recordFailure();
    queue.putBack(message);
    // With the breaker open or probing, the give-up bound decides instead (see the class comment).
    if (failures > ctx.config().reconnectAttempts() && breaker.closed()) {
      LOG.warn("sessionId={} {} failed {} times, last: {}; giving up", sessionId, message, failures, reason);
      conclude(queue.start(), ctx.outcomes().unavailable(message), Outcomes.AGENT_UNAVAILABLE);
      return;
    }
    Duration delay = ctx.backoff().delay(Math.min(failures - 1, MAX_BACKOFF_STEP));
    LOG.warn("sessionId={} {} attempt {} failed: {}; retrying in {} ms", sessionId, message, failures, reason,
        delay.toMillis());
    wakeTimer = ctx.loop().schedule(this::wake, delay);
  }

  /** Publishes the message's one outcome; the next message goes only once Kafka has it, which keeps log order. */
  private void conclude(PendingMessage message, ChatEvent outcome, String kind) {
    publishing = true;
    replyTimer = cancel(replyTimer);
    ctx.countOutcome(kind);
    ctx.publisher().publish(outcome)
        .whenCompleteAsync((v, error) -> published(message, error), ctx.loop().executor());
  }

  private void published(PendingMessage message, Throwable error) {
    if (error == null) {
      message.ticket().finish();
    } else {
      LOG.error("sessionId={} outcome of {} not published ({}); it is handled again after a restart", sessionId,
          message, rootMessage(error));
    }
    if (closed) {
      return;
    }
    publishing = false;
    queue.complete(message);
    pump();
  }

  @Override
  public void onLinkLost(String reason) {
    PendingMessage message = queue.inFlight();
    if (message != null) {
      callFailed(message, call, "connection " + reason, new IOException(reason));
    }
  }

  /** The endpoint's breaker changed state: wake parked messages, and say the agent is back when it closed. */
  public void breakerChanged(CircuitBreaker.State to) {
    if (closed) {
      return;
    }
    if (to == CircuitBreaker.State.CLOSED && breaker.tellAvailable()) {
      ctx.publishStatus(ctx.outcomes().availableStatus(sessionId, userId, agentType));
    }
    if (parked && to != CircuitBreaker.State.OPEN) {
      wakeTimer = cancel(wakeTimer);
      wake();
    }
  }

  /**
   * Stops the worker: timers, socket and queue. {@code finished} says whether the dropped messages count as
   * handled (the session was deleted) or must be handled again by whoever owns the partition next.
   */
  public int drop(boolean finished) {
    if (closed) {
      return 0;
    }
    closed = true;
    wakeTimer = cancel(wakeTimer);
    replyTimer = cancel(replyTimer);
    idleTimer = cancel(idleTimer);
    breaker.release();
    link.discard();
    var dropped = queue.clear();
    if (finished) {
      dropped.forEach(m -> m.ticket().finish());
    }
    return dropped.size();
  }

  private void armIdle() {
    if (idleTimer == null) {
      idleTimer = ctx.loop().schedule(this::idleExpired, ctx.config().idleTimeout());
    }
  }

  private void idleExpired() {
    idleTimer = null;
    if (closed || !queue.idle() || wakeTimer != null) {
      return;
    }
    LOG.debug("sessionId={} idle for {} ms; closing its agent connection", sessionId,
        ctx.config().idleTimeout().toMillis());
    closed = true;
    link.close("idle");
    onIdle.run();
  }

  private boolean current(PendingMessage message, long id) {
    return !closed && id == call && queue.inFlight() == message && !publishing;
  }

  private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
    return null;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  public TopicPartition partition() {
    return partition;
  }

  public URI endpoint() {
    return endpoint;
  }
}
