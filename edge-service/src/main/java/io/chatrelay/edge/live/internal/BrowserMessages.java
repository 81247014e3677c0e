package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.events.ChatEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages one browser sends over its socket. Each frame is checked and held to the message rate; a frame with
 * a mistake, or one over the rate, is answered with an error frame saying what to do, and the socket stays open.
 * Good messages go to the intake one at a time, in the order sent, and the browser hears an ack with the message's
 * seq, or that it should send it again.
 */
final class BrowserMessages implements MessageIntake.Sender {

  private static final Logger LOG = LoggerFactory.getLogger(BrowserMessages.class);

  private final LiveConnection socket;
  private final LiveConnection.Target target;
  private final LiveConnection.Shared shared;
  private final ClientChannel channel;
  /** The socket's order of frames: an ack goes out no later than the event of its message. */
  private final Sequencer sequencer;
  private final SerialTasks inbound;

  BrowserMessages(LiveConnection socket, LiveConnection.Target target, LiveConnection.Shared shared,
      ClientChannel channel, Sequencer sequencer) {
    this.socket = socket;
    this.target = target;
    this.shared = shared;
    this.channel = channel;
    this.sequencer = sequencer;
    this.inbound = new SerialTasks(channel.worker());
  }

  /** A text frame from the browser (I/O thread). */
  void onText(String text) {
    shared.metrics().frameIn();
    if (socket.closing()) {
      return;
    }
    ClientRequest message;
    try {
      message = ClientFrames.parse(text);
    } catch (ClientFrames.Refusal refusal) {
      LOG.debug("refused a frame sessionId={}: {}", target.sessionId(), refusal.code());
      sendError(refusal.frame());
      return;
    }
    RateLimit.Decision allowed = shared.rateLimit().tryAcquire(target.userId(), target.clientAddress());
    if (!allowed.allowed()) {
      shared.metrics().rateLimited("ws");
      sendError(LiveFrames.error("rate_limited", "You are sending messages too quickly; nothing was saved. Wait "
          + allowed.retryAfterSeconds() + " second(s) and send it again.", message.id(), allowed.retryAfterSeconds()));
      return;
    }
    inbound.submit(() -> shared.intake().store(this, message));
  }

  /** A binary frame from the browser (I/O thread). */
  void onBinary() {
    shared.metrics().frameIn();
    sendError(LiveFrames.error("invalid_frame", "Frames must be text (JSON).", null, null));
  }

  @Override
  public String sessionId() {
    return target.sessionId();
  }

  @Override
  public int partition() {
    return shared.feed().partitionOf(target.sessionId());
  }

  @Override
  public long logPosition() {
    return shared.feed().position(partition());
  }

  @Override
  public Executor worker() {
    return channel.worker();
  }

  @Override
  public boolean closing() {
    return socket.closing();
  }

  @Override
  public void schedule(Duration delay, Runnable task) {
    channel.schedule(delay, task);
  }

  @Override
  public ChatEvent newEvent(Instant at, ClientRequest request) {
    return request.toEvent(target.sessionId(), target.userId(), target.agentType(), at);
  }

  /** The ack goes out no later than the message's own event, should the feed bring that first. */
  @Override
  public void storing(String clientId, ChatEvent event) {
    sequencer.expectAck(clientId);
  }

  @Override
  public void acknowledge(String clientId, long seq) {
    if (!socket.closing() && !sequencer.acknowledge(clientId, seq)) {
      socket.overloaded();
    }
  }

  @Override
  public void unavailable(String clientId) {
    sequencer.forget(clientId);
    sendError(LiveFrames.error("unavailable",
        "The message could not be stored right now. Send it again with the same id.", clientId,
        ChatLog.RETRY_AFTER_SECONDS));
  }

  private void sendError(String frame) {
    if (!socket.closing() && !sequencer.direct(frame)) {
      socket.overloaded();
    }
  }
}
