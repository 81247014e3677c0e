package io.chatrelay.demoagent.internal;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound frame's answer from the moment its turn comes: a single frame, or {@code response.delta} frames at the
 * plan's pace and then the {@code response}. A cancel stops it wherever it is, and nothing more is sent for it.
 *
 * <p>{@link #deliver} runs on whichever thread ended the previous answer, ticks on the scheduler, {@link #cancel} on
 * an I/O thread. Every send happens under this object's lock together with the state it depends on, so once
 * {@code cancel()} has returned no frame for the message goes out. {@link #finished()} is completed outside the lock:
 * the next answer on the connection starts from it.
 */
final class Reply {

  private static final Logger log = LoggerFactory.getLogger(Reply.class);

  private enum State { WAITING, STREAMING, FINISHED }

  private final ReplyPlan plan;
  private final long receivedAt;
  private final String sessionId;
  private final Frames frames;
  private final Clock clock;
  private final Ticker ticker;
  private final Consumer<Supplier<String>> out;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();

  private State state = State.WAITING;
  private List<String> tokens = List.of();
  private long ticks;
  private int sent;
  private Ticker.Ticking ticking;

  /** {@code out} sends one frame and never throws; the frame is built only if the connection can still take it. */
  Reply(ReplyPlan plan, long receivedAt, String sessionId, Frames frames, Clock clock, Ticker ticker,
      Consumer<Supplier<String>> out) {
    this.plan = plan;
    this.receivedAt = receivedAt;
    this.sessionId = sessionId;
    this.frames = frames;
    this.clock = clock;
    this.ticker = ticker;
    this.out = out;
  }

  String requestId() {
    return plan.requestId();
  }

  /** Completes once the last frame is out or the answer was cancelled; the connection's next answer waits for it. */
  CompletableFuture<Void> finished() {
    return finished;
  }

  synchronized void sendThinking() {
    if (state == State.WAITING) {
      out.accept(() -> frames.status(plan.requestId(), plan.persona(), "thinking"));
    }
  }

  /** Its turn has come and its delay has passed: sends the answer, or starts streaming it. */
  CompletableFuture<Void> deliver() {
    synchronized (this) {
      if (state != State.WAITING) {
        return finished; // cancelled while it waited
      }
      if (!plan.isStreamed()) {
        out.accept(this::render);
        state = State.FINISHED;
      } else {
        tokens = Tokens.split(plan.answer().text());
        state = State.STREAMING;
      }
    }
    if (!plan.isStreamed()) {
      finished.complete(null);
      return finished;
    }
    startTicking(new Pace(plan.tokensPerSecond()));
    return finished;
  }

  /** True when this stopped an answer still to come; false when it had already been sent or cancelled. */
  boolean cancel() {
    State was;
    int deltasSent;
    synchronized (this) {
      was = state;
      if (was == State.FINISHED) {
        return false;
      }
      state = State.FINISHED;
      deltasSent = sent;
    }
    stopTicking();
    finished.complete(null);
    if (was == State.WAITING) {
      log.debug("Session {}: request {} cancelled before its turn", sessionId, plan.requestId());
    } else {
      log.debug("Session {}: request {} cancelled after {} of {} deltas", sessionId, plan.requestId(), deltasSent,
          tokens.size());
    }
    return true;
  }

  private void startTicking(Pace pace) {
    Ticker.Ticking started;
    try {
      started = ticker.start(pace.period(), () -> tick(pace));
    } catch (RejectedExecutionException e) {
      // The agent is shutting down and the channel is about to close; there is no one left to stream to.
      cancel();
      return;
    }
    boolean alreadyOver;
    synchronized (this) {
      ticking = started;
      // The first tick may have finished the stream, or a cancel come, before the handle was stored.
      alreadyOver = state == State.FINISHED;
    }
    if (alreadyOver) {
      started.stop();
    }
  }

  private void tick(Pace pace) {
    synchronized (this) {
      if (state != State.STREAMING) {
        return; // a tick already under way when the stream was stopped
      }
      int due = pace.dueAfterTick(ticks++, tokens.size());
      for (; sent < due; sent++) {
        int index = sent;
        out.accept(() -> frames.delta(plan.requestId(), plan.persona(), tokens.get(index), index));
      }
      if (sent < tokens.size()) {
        return;
      }
      out.accept(this::render);
      state = State.FINISHED;
    }
    stopTicking();
    finished.complete(null);
    log.debug("Session {}: request {} streamed in {} deltas", sessionId, plan.requestId(), tokens.size());
  }

  private void stopTicking() {
    Ticker.Ticking stop;
    synchronized (this) {
      stop = ticking;
    }
    if (stop != null) {
      stop.stop();
    }
  }

  private String render() {
    if (plan.isError()) {
      return frames.error(plan.requestId(), plan.persona(), plan.errorReason());
    }
    long processingMillis = Math.max(0, clock.millis() - receivedAt);
    return frames.response(plan.requestId(), plan.persona(), plan.answer(), processingMillis);
  }
}
