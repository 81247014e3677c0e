package io.chatrelay.demoagent.internal;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * frames arrived, because clients of this protocol correlate replies by order. A streamed reply counts as sent when
 * its final response is; a cancel frame stops the reply to the message it names, and the next reply goes on.
 *
 * <p>Delays never run on the I/O thread: a delayed reply is a future completed by the shared scheduler, a stream
 * ticks on that scheduler, and each reply is chained behind the previous one, so a slow reply holds back later
 * replies on its own connection only.
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
  private final Ticker ticker;
  private final WebSocketCallback<Void> sendFailures;
  /** Replies not yet sent or cancelled, in arrival order; a cancel frame looks its message up here. */
  private final List<Reply> unfinished = new ArrayList<>();
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  public AgentConnection(WebSocketChannel channel, String sessionId, ReplyPlanner planner, Frames frames,
      ScheduledExecutorService scheduler, Clock clock, AtomicLong requestsReceived) {
    this.channel = channel;
    this.sessionId = sessionId;
    this.planner = planner;
    this.frames = frames;
    this.scheduler = scheduler;
    this.ticker = Ticker.on(scheduler);
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
    // A stream can run for minutes; nobody is left to read it once the socket is gone.
    channel.addCloseTask(closed -> cancelAll());
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
      InboundFrame frame = frames.parse(message.getData());
      if (frame instanceof CancelRequest cancel) {
        cancel(cancel.inReplyTo());
        return;
      }
      plan = planner.plan((InboundMessage) frame);
    } catch (FrameException e) {
      plan = ReplyPlan.error(e.requestId(), planner.fallbackPersona(), Duration.ZERO, e.getMessage());
    }
    log.debug("Session {}: request {} -> {} due in {} ms", sessionId, plan.requestId(), outcome(plan),
        plan.delay().toMillis());
    enqueue(plan, receivedAt);
  }

  @Override
  protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
    message.getData().free();
    requestsReceived.incrementAndGet();
    enqueue(ReplyPlan.error(null, planner.fallbackPersona(), Duration.ZERO,
        "Binary frames are not supported; send the JSON frame as text."), clock.millis());
  }

  private static String outcome(ReplyPlan plan) {
    if (plan.isError()) {
      return Frames.TYPE_ERROR;
    }
    return plan.isStreamed() ? Frames.TYPE_DELTA + " at " + plan.tokensPerSecond() + "/s" : Frames.TYPE_RESPONSE;
  }

  private synchronized void enqueue(ReplyPlan plan, long receivedAt) {
    Reply reply = new Reply(plan, receivedAt, sessionId, frames, clock, ticker, this::send);
    unfinished.add(reply);
    CompletableFuture<Void> turn = tail;
    if (plan.thinkingFirst()) {
      turn = turn.thenRun(reply::sendThinking);
    }
    // A reply cancelled while it waits gives up its delay too, so that the replies behind it are not held back.
    CompletableFuture<Void> ready = due(plan).acceptEither(reply.finished(), ignored -> {});
    tail = turn.thenCombine(ready, (previousSent, isDue) -> reply)
        .thenCompose(Reply::deliver)
        .handle((ignored, failure) -> {
          forget(reply);
          if (failure != null) {
            // Keep the chain going: the replies behind this one must still be sent.
            log.warn("Session {}: reply to request {} failed", sessionId, plan.requestId(), failure);
          }
          return null;
        });
  }

  /** Stops the reply to {@code requestId} if it is still to come; a cancel for anything else is ignored. */
  private void cancel(String requestId) {
    List<Reply> matching;
    synchronized (this) {
      matching = unfinished.stream().filter(reply -> requestId.equals(reply.requestId())).toList();
    }
    boolean stopped = false;
    for (Reply reply : matching) {
      stopped |= reply.cancel();
    }
    if (!stopped) {
      log.debug("Session {}: cancel for request {} ignored, no reply to it is pending", sessionId, requestId);
    }
  }

  private void cancelAll() {
    List<Reply> all;
    synchronized (this) {
      all = List.copyOf(unfinished);
    }
    all.forEach(Reply::cancel);
  }

  private synchronized void forget(Reply reply) {
    unfinished.remove(reply);
  }

  private CompletableFuture<Void> due(ReplyPlan plan) {
    if (plan.delay().isZero()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> due = new CompletableFuture<>();
    try {
      scheduler.schedule(() -> due.complete(null), plan.delay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The agent is shutting down and the channel is about to close; let the send find it closed.
      due.complete(null);
    }
    return due;
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
