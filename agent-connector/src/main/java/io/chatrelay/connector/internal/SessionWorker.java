package io.chatrelay.connector.internal;

import static io.chatrelay.connector.internal.TaskLoop.cancel;

import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat session's conversation with the agent: its queue (one message in flight, answers matched by order),
 * its line to the agent, and the outcome every message gets. When the agent cannot be reached, or its breaker is
 * open, {@link AgentAvailability} decides when a message is tried again and when it fails. A streamed answer goes
 * to the log in chunks ({@link AnswerStream}); once a chunk is there the message is never asked again, because a
 * second stream would show its text twice: a lost agent then ends the answer as interrupted, text kept. Runs on
 * the session loop only.
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
  private boolean sent;
  private AnswerStream stream;
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
    if (next.cancelRequested() || next.prior().settled()) {
      settleWithoutAsking(queue.start());
      return;
    }
    if (!availability.tryStart()) {
      if (!availability.park(next)) {
        conclude(queue.start(), ctx.outcomes().unavailable(next), Outcomes.AGENT_UNAVAILABLE);
      }
      return;
    }
    PendingMessage message = queue.start();
    long id = ++call;
    sent = false;
    stream = new AnswerStream(message, ctx, ctx.clock().instant());
    LOG.debug("sessionId={} forwarding {}", sessionId, message);
    link.send(AgentFrame.outbound(message.message(), agentType)).whenComplete((v, error) -> {
      if (error != null) {
        callFailed(message, id, rootMessage(error), error);
      } else if (current(message, id)) {
        sent = true;
        armReplyTimer(message, id);
      }
    });
  }

  /**
   * A message whose answer was stopped before it was asked, or was begun by the connector that owned the session
   * before (its chunks are in the log): it ends with what the log holds, and the agent is not asked.
   */
  private void settleWithoutAsking(PendingMessage message) {
    LogPrior prior = message.prior();
    if (message.cancelRequested()) {
      LOG.info("sessionId={} {} stopped by the user before it was answered", sessionId, message);
      conclude(message, ctx.outcomes().stopped(message, AgentReply.FINISH_CANCELLED, prior.text(), null),
          Outcomes.CANCELLED);
    } else {
      LOG.warn("sessionId={} {} was being answered by the connector before ({} chunk(s) in the log); it ends as"
          + " interrupted rather than being asked twice", sessionId, message, prior.chunks());
      conclude(message, ctx.outcomes().stopped(message, AgentReply.FINISH_INTERRUPTED, prior.text(), null),
          Outcomes.INTERRUPTED);
    }
  }

  /**
   * The user asked to stop the answer to {@code question}. In flight: the agent is told, its line dropped (an agent
   * that does not stop must not have its late text taken for the next answer) and the answer ends as cancelled,
   * text so far kept. Waiting: it ends so when its turn comes, without the agent. Otherwise it has its outcome.
   */
  public void cancelAnswer(UUID question) {
    if (closed) {
      return;
    }
    PendingMessage message = queue.inFlight();
    if (message != null && message.eventId().equals(question) && !publishing) {
      LOG.info("sessionId={} {} cancelled by the user while being answered", sessionId, message);
      AnswerStream stopping = stream;
      stopping.flush(); // the chunks hold exactly the text the answer ends with
      stopping.stop();
      publishing = true; // from here nothing the agent sends belongs to this answer
      replyTimer = cancel(replyTimer);
      availability.abandoned(); // a permission taken for the call and not yet reported must not be left open
      CompletableFuture<Void> told = sent ? link.send(AgentFrame.cancel(question))
          : CompletableFuture.completedFuture(null);
      told.whenComplete((v, error) -> {
        if (closed) {
          return;
        }
        link.discard();
        publishing = false;
        conclude(message, ctx.outcomes().stopped(message, AgentReply.FINISH_CANCELLED, stopping.text(),
            stopping.stats()), Outcomes.CANCELLED);
      });
      return;
    }
    PendingMessage waiting = queue.waiting(question);
    if (waiting != null) {
      waiting.requestCancel();
      pump();
    }
  }

  @Override
  public void onFrame(AgentFrame frame) {
    if (closed) {
      return;
    }
    switch (frame.type()) {
      case AgentFrame.STATUS -> notices.agentStatus(frame);
      case AgentFrame.DELTA -> delta(frame);
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

  private void delta(AgentFrame frame) {
    PendingMessage message = queue.inFlight();
    if (message == null || publishing || !queue.answers(frame.inReplyTo().orElse(null))) {
      LOG.debug("sessionId={} agent delta matches no message in flight; dropped", sessionId);
      return;
    }
    if (!stream.streamed()) {
      // The agent is answering: for its breaker the call ends here, at the first token. A long answer that keeps
      // streaming is not a slow agent, and counting its whole length would open the breaker on healthy agents.
      availability.answered();
    }
    stream.delta(frame);
    // The reply timeout bounds the silence between frames: a long answer that keeps streaming is not cut off.
    replyTimer = cancel(replyTimer);
    armReplyTimer(message, call);
  }

  private void armReplyTimer(PendingMessage message, long id) {
    replyTimer = ctx.loop().schedule(() -> replyTimedOut(message, id), ctx.config().replyTimeout());
  }

  private void answered(AgentFrame frame) {
    PendingMessage message = queue.inFlight();
    if (message == null || publishing || !queue.answers(frame.inReplyTo().orElse(null))) {
      LOG.warn("sessionId={} agent {} frame id={} matches no message in flight; dropped", sessionId, frame.type(),
          frame.id());
      return;
    }
    if (frame.type().equals(AgentFrame.RESPONSE)) {
      stream.flush(); // the chunks hold the whole text before the reply that carries it again
    }
    stream.stop();
    if (frame.type().equals(AgentFrame.RESPONSE)) {
      availability.answered();
      String content = frame.content().isEmpty() ? stream.text() : frame.content();
      conclude(message, ctx.outcomes().reply(message, frame, content, stream.stats()), "reply");
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
    if (stream.streamed()) {
      interrupted(message);
    } else {
      conclude(message, ctx.outcomes().timeout(message), Outcomes.AGENT_TIMEOUT);
    }
  }

  private void callFailed(PendingMessage message, long id, String reason, Throwable cause) {
    if (!current(message, id)) {
      return;
    }
    replyTimer = cancel(replyTimer);
    availability.failed(cause);
    link.discard();
    if (stream.written()) {
      interrupted(message);
      return;
    }
    stream.stop(); // nothing of it reached the log: the next attempt streams the answer afresh
    int failures = message.recordFailure();
    queue.putBack(message);
    if (!availability.retry(message, failures, reason)) {
      conclude(queue.start(), ctx.outcomes().unavailable(message), Outcomes.AGENT_UNAVAILABLE);
    }
  }

  /** The agent stopped part-way through a streamed answer: it ends with the text so far, marked interrupted. */
  private void interrupted(PendingMessage message) {
    stream.flush();
    stream.stop();
    LOG.warn("sessionId={} agent stopped part-way through the answer to {}; it ends as interrupted", sessionId,
        message);
    conclude(message, ctx.outcomes().stopped(message, AgentReply.FINISH_INTERRUPTED, stream.text(),
        stream.stats()), Outcomes.INTERRUPTED);
  }

  /** Publishes the message's one outcome; the next message goes only once Kafka has it, which keeps log order. */
  private void conclude(PendingMessage message, ChatEvent outcome, String kind) {
    publishing = true;
    replyTimer = cancel(replyTimer);
    if (stream != null) {
      stream.stop();
    }
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
    if (stream != null) {
      stream.stop();
    }
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
