package io.chatrelay.demoagent.internal;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: turns each inbound frame into a {@link ReplyPlan} and sends the replies in the order the
 * frames arrived, because clients of this protocol correlate replies by order.
 *
 * <p>Delays never run on the I/O thread: a delayed reply is a future completed by the shared scheduler, and each
 * reply is chained behind the previous one, so a slow reply holds back later replies on its own connection only.
 */
public final class AgentConnection extends AbstractReceiveListener {

  private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);

  /** Bounds the memory one frame can take; the protocol's questions are a few hundred characters. */
  static final long MAX_TEXT_BYTES = 64 * 1024;

  private final WebSocketChannel channel;
  private final String sessionId;
  private final ReplyPlanner planner;
  private final Frames frames;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final AtomicLong requestsReceived;
  private final WebSocketCallback<Void> sendFailures;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  public AgentConnection(WebSocketChannel channel, String sessionId, ReplyPlanner planner, Frames frames,
      ScheduledExecutorService scheduler, Clock clock, AtomicLong requestsReceived) {
    this.channel = channel;
    this.sessionId = sessionId;
    this.planner = planner;
    this.frames = frames;
    this.scheduler = scheduler;
    this.clock = clock;
    this.requestsReceived = requestsReceived;
    this.sendFailures = new WebSocketCallback<>() {
      @Override
      public void complete(WebSocketChannel ch, Void context) {}

      @Override
      public void onError(WebSocketChannel ch, Void context, Throwable failure) {
        log.debug("Session {}: reply not delivered: {}", sessionId, failure.toString());
      }
    };
  }

  @Override
  protected long getMaxTextBufferSize() {
    return MAX_TEXT_BYTES;
  }

  @Override
  protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
    requestsReceived.incrementAndGet();
    long receivedAt = clock.millis();
    ReplyPlan plan;
    try {
      plan = planner.plan(frames.parse(message.getData()));
    } catch (FrameException e) {
      plan = ReplyPlan.error(e.requestId(), planner.fallbackPersona(), Duration.ZERO, e.getMessage());
    }
    log.debug("Session {}: request {} -> {} due in {} ms", sessionId, plan.requestId(),
        plan.isError() ? Frames.TYPE_ERROR : Frames.TYPE_RESPONSE, plan.delay().toMillis());
    enqueue(plan, receivedAt);
  }

  @Override
  protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
    message.getData().free();
    requestsReceived.incrementAndGet();
    enqueue(ReplyPlan.error(null, planner.fallbackPersona(), Duration.ZERO,
        "Binary frames are not supported; send the JSON frame as text."), clock.millis());
  }

  private synchronized void enqueue(ReplyPlan plan, long receivedAt) {
    CompletableFuture<Void> turn = tail;
    if (plan.thinkingFirst()) {
      turn = turn.thenRun(() -> send(() -> frames.status(plan.requestId(), plan.persona(), "thinking")));
    }
    tail = turn.thenCombine(due(plan), (previousSent, duePlan) -> duePlan)
        .thenAccept(duePlan -> send(() -> render(duePlan, receivedAt)));
  }

  private CompletableFuture<ReplyPlan> due(ReplyPlan plan) {
    if (plan.delay().isZero()) {
      return CompletableFuture.completedFuture(plan);
    }
    CompletableFuture<ReplyPlan> due = new CompletableFuture<>();
    try {
      scheduler.schedule(() -> due.complete(plan), plan.delay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The agent is shutting down and the channel is about to close; let the send find it closed.
      due.complete(plan);
    }
    return due;
  }

  private String render(ReplyPlan plan, long receivedAt) {
    if (plan.isError()) {
      return frames.error(plan.requestId(), plan.persona(), plan.errorReason());
    }
    long processingMillis = Math.max(0, clock.millis() - receivedAt);
    return frames.response(plan.requestId(), plan.persona(), plan.answer(), processingMillis);
  }

  /** Never throws: a failed send must not break the chain that orders the replies after it. */
  private void send(Supplier<String> frame) {
    try {
      if (!channel.isOpen() || channel.isCloseFrameSent()) {
        log.debug("Session {}: connection closed, reply dropped", sessionId);
        return;
      }
      WebSockets.sendText(frame.get(), channel, sendFailures);
    } catch (RuntimeException e) {
      log.warn("Session {}: cannot send reply", sessionId, e);
    }
  }
}
