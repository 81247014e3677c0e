package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionDeleted;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's socket on one session: sends it the session's events in order, hands its message frames to
 * {@link BrowserMessages}, pings it, and closes it when it goes quiet, stops reading, signs out or its session is
 * deleted.
 */
final class LiveConnection implements LiveFeed.Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);
  /** How long a closing socket may take to answer our close frame before the connection is dropped. */
  static final Duration CLOSE_GRACE = Duration.ofMillis(800);
  /**
   * How long a replay waits for a socket whose queue does not move at all. A browser that reads, however slowly,
   * drains some of it far sooner; one that stopped reading holds a resume thread no longer than this.
   */
  static final Duration REPLAY_STALL = Duration.ofMillis(500);

  /**
   * Who and what the socket is for, as the handshake established it.
   *
   * @param signInId the sign-in of the cookie it was opened with
   * @param cookieExpiresAt that cookie's expiry (epoch seconds): the socket closes then
   * @param clientAddress where the handshake came from, the key of the per-address limits
   */
  record Target(String sessionId, String userId, AgentType agentType, String signInId, long cookieExpiresAt,
      String clientAddress) {}

  /** What every socket of this instance shares. */
  record Shared(LiveSettings settings, Connections connections, LiveFeed feed, MessageIntake intake,
      MessageRateLimit rateLimit, LiveMetrics metrics, Clock clock) {}

  private final ClientChannel channel;
  private final Target target;
  private final Shared shared;
  private final Outbox outbox;
  private final Sequencer sequencer;
  private final BrowserMessages messages;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  private final Heartbeat heartbeat;

  LiveConnection(ClientChannel channel, Target target, long lastSeq, Shared shared) {
    this.channel = channel;
    this.target = target;
    this.shared = shared;
    this.outbox = new Outbox(channel, shared.settings().maxQueuedBytes(), shared.metrics());
    // Live events held during a resume may use the same room as the outgoing queue.
    this.sequencer = new Sequencer(lastSeq, outbox::send, shared.settings().maxQueuedBytes());
    this.messages = new BrowserMessages(this, target, shared, channel, sequencer);
    // A socket lives no longer than the cookie it was opened with: past it, nothing would let it open again.
    this.heartbeat = new Heartbeat(channel, shared.settings().pingInterval(), shared.settings().idleTimeout(),
        shared.clock(), () -> close(1001, "idle timeout", "idle"), target.cookieExpiresAt() * 1000,
        () -> close(1008, "session expired", "session_expired"));
  }

  @Override
  public String sessionId() {
    return target.sessionId();
  }

  String userId() {
    return target.userId();
  }

  String signInId() {
    return target.signInId();
  }

  /** True once the socket is closing or closed: nothing more is sent to it. */
  boolean closing() {
    return closing.get();
  }

  void startHeartbeat() {
    heartbeat.start();
  }

  // ---- from the log

  @Override
  public void onEvent(LiveEvent event) {
    // An event naming another user is not part of this session, as the views see it too.
    if (closing.get() || !event.event().userId().equals(target.userId())) {
      return;
    }
    if (event.event() instanceof SessionDeleted) {
      close(1000, "session deleted", "session_deleted");
    } else if (event.frame() != null && !sequencer.live(event.frame())) {
      overloaded();
    }
  }

  /**
   * One frame of a resume; waits while the socket drains, but never for a browser that stopped reading: the few
   * resume threads are shared by every socket. A socket whose queue did not move for {@link #REPLAY_STALL} is
   * closed with 1013 (it resumes later from what it got). False when the socket is closed or closing.
   */
  boolean replay(Frame frame) {
    if (closing.get()) {
      return false;
    }
    if (!sequencer.replayed(frame)) {
      overloaded();
      return false;
    }
    try {
      if (!outbox.awaitDrainingBelow(shared.settings().maxQueuedBytes() / 2, REPLAY_STALL)) {
        overloaded();
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(1001, "server shutting down", "shutdown");
      return false;
    }
    return !closing.get();
  }

  void goLive() {
    if (!closing.get() && !sequencer.goLive()) {
      overloaded();
    }
  }

  // ---- from the browser (I/O thread)

  void heard() {
    heartbeat.heard();
  }

  void onText(String text) {
    heard();
    messages.onText(text);
  }

  void onBinary() {
    heard();
    messages.onBinary();
  }

  // ---- closing

  /** The browser does not read what it is sent: it resumes later from what it got. */
  void overloaded() {
    close(1013, "not reading; reconnect with lastSeq", "overloaded");
  }

  /** Closes with {@code code}; {@code why} is the metric's reason. Safe from any thread, more than once. */
  public void close(int code, String reason, String why) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    LOG.debug("closing socket sessionId={} code={} reason={}", target.sessionId(), code, why);
    shared.metrics().closed(why);
    detach();
    channel.sendClose(code, reason);
    if ("overloaded".equals(why)) {
      // The close frame waits behind everything the browser did not read: it may never get out, so do not wait.
      channel.drop();
    } else {
      channel.schedule(CLOSE_GRACE, channel::drop);
    }
  }

  /** Undertow already sent a close frame (a frame too big or malformed): give the browser time to read it. */
  void failed(Throwable error) {
    if (channel.closeFrameSent() && closing.compareAndSet(false, true)) {
      LOG.debug("socket of sessionId={} broke the protocol: {}", target.sessionId(), error.getMessage());
      shared.metrics().closed("protocol");
      detach();
      channel.schedule(CLOSE_GRACE, channel::drop);
    } else {
      channel.drop();
    }
  }

  /** The connection is gone, however it ended. */
  void onChannelClosed() {
    if (closing.compareAndSet(false, true)) {
      shared.metrics().closed("client");
      detach();
    }
    outbox.discard();
    if (released.compareAndSet(false, true)) {
      shared.connections().giveBackSlot(target.userId(), target.clientAddress());
    }
  }

  private void detach() {
    shared.feed().unsubscribe(this);
    shared.connections().remove(this);
    heartbeat.stop();
  }
}
