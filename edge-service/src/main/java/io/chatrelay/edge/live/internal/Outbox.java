package io.chatrelay.edge.live.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The frames handed to one socket and not yet written to the network. Undertow queues whatever the kernel cannot
 * take right away; this counts those bytes and refuses a frame that would take them past the limit, so a browser
 * that stops reading costs a bounded amount of memory. One frame always fits into an empty queue, however big.
 */
final class Outbox {

  private final ClientChannel channel;
  private final long maxBytes;
  private final LiveMetrics metrics;
  private long inFlight;
  private boolean discarded;

  Outbox(ClientChannel channel, long maxBytes, LiveMetrics metrics) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.maxBytes = maxBytes;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Hands the frame to the socket; false when it does not fit (the caller closes the socket) or it is closed. */
  boolean send(String frame) {
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      if (discarded || (inFlight > 0 && inFlight + bytes.length > maxBytes)) {
        return false;
      }
      inFlight += bytes.length;
    }
    metrics.queued(bytes.length);
    metrics.frameOut();
    channel.sendText(ByteBuffer.wrap(bytes), () -> written(bytes.length));
    return true;
  }

  synchronized long inFlight() {
    return inFlight;
  }

  /**
   * Waits until at most {@code bytes} are queued, for a sender that produces faster than the socket drains (a
   * replay), but only while the socket drains: false as soon as nothing was written for {@code stall} (the browser
   * does not read), or the socket closed. So a reader however slow is paced, and one that stopped reading costs the
   * waiting thread {@code stall} at most.
   */
  synchronized boolean awaitDrainingBelow(long bytes, Duration stall) throws InterruptedException {
    long lastProgress = System.nanoTime();
    long seen = inFlight;
    while (!discarded && inFlight > bytes) {
      if (inFlight < seen) {
        seen = inFlight;
        lastProgress = System.nanoTime();
      }
      long left = lastProgress + stall.toNanos() - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return !discarded;
  }

  /** The socket is gone: what is still queued will never be written, and no longer counts. */
  void discard() {
    long dropped;
    synchronized (this) {
      if (discarded) {
        return;
      }
      discarded = true;
      dropped = inFlight;
      inFlight = 0;
      notifyAll();
    }
    metrics.queued(-dropped);
  }

  private void written(int bytes) {
    synchronized (this) {
      if (discarded) {
        return;
      }
      inFlight -= bytes;
      notifyAll();
    }
    metrics.queued(-bytes);
  }
}
