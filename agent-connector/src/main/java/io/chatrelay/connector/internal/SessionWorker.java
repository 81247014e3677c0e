package io.chatrelay.connector.internal;

import static io.chatrelay.connector.internal.TaskLoop.cancel;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat session's conversation with the agent: its queue (one message in flight, answers matched by order),
 * its line to the agent, and the outcome every message gets. When the agent cannot be reached, or its breaker is
 * open, {@link AgentAvailability} decides when a message is tried again and when it fails. Runs on the session
 * loop only.
 */
public final class SessionWorker implements AgentChannel.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(SessionWorker.class);

  private final String sessionId;
  private final AgentType agentType;
  private final TopicPartition partition;
  private final URI endpoint;
  private final AgentAvailability availability;
  private final SessionContext ctx;
  private final Runnable onIdle;
  private final SessionQueue queue = new SessionQueue();
  private final AgentChannel link;
  private final StatusNotices notices;

  private long call;
  private boolean publishing;
  private boolean closed;
  private ScheduledFuture<?> replyTimer;
  private ScheduledFuture<?> idleTimer;

  public SessionWorker(PendingMessage first, URI endpoint, CircuitBreaker breaker,
      SessionContext ctx, Runnable onIdle) {
    this.sessionId = first.sessionId();
    this.agentType = first.agentType();
    this.partition = first.ticket().partition();
    this.endpoint = endpoint;
    this.notices = new StatusNotices(first, ctx);
    this.availability = new AgentAvailability(sessionId, endpoint, breaker, ctx, notices, this::pump);
    this.ctx = ctx;
    this.onIdle = onIdle;
    this.link = ctx.links().open(sessionId, first.message().userId(), endpoint, this);
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
    if (closed || queue.busy() || availability.waiting()) {
      return;
    }
    PendingMessage next = queue.next();
    if (next == null) {
      armIdle();
      return;
    }
    idleTimer = cancel(idleTimer);
    if (!availability.tryStart()) {
      if (!availability.park(next)) {
        conclude(queue.start(), ctx.outcomes().unavailable(next), Outcomes.AGENT_UNAVAILABLE);
      }
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

  @Override
  public void onFrame(AgentFrame frame) {
    if (closed) {
      return;
    }
    switch (frame.type()) {
      case AgentFrame.STATUS -> notices.agentStatus(frame);
      case AgentFrame.RESPONSE, AgentFrame.ERROR -> answered(frame);
      default -> LOG.warn("sessionId={} agent frame of unknown type '{}' dropped", sessionId, frame.type());
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
    availability.failed(new IOException("agent frame too large"));
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
      availability.answered();
      conclude(message, ctx.outcomes().reply(message, frame), "reply");
    } else {
      availability.failed(new IOException("agent answered with an error frame"));
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
    availability.failed(new TimeoutException("no answer within " + ctx.config().replyTimeout()));
    // A late answer on this socket would be taken as the answer to the next message: start the next afresh.
    link.discard();
    conclude(message, ctx.outcomes().timeout(message), Outcomes.AGENT_TIMEOUT);
  }

  private void callFailed(PendingMessage message, long id, String reason, Throwable cause) {
    if (!current(message, id)) {
      return;
    }
    replyTimer = cancel(replyTimer);
    availability.failed(cause);
    link.discard();
    int failures = message.recordFailure();
    queue.putBack(message);
    if (!availability.retry(message, failures, reason)) {
      conclude(queue.start(), ctx.outcomes().unavailable(message), Outcomes.AGENT_UNAVAILABLE);
    }
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

  /** The endpoint's breaker changed state. */
  public void breakerChanged(CircuitBreaker.State to) {
    if (!closed) {
      availability.breakerChanged(to);
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
    replyTimer = cancel(replyTimer);
    idleTimer = cancel(idleTimer);
    availability.stop();
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
    if (closed || !queue.idle() || availability.waiting()) {
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
