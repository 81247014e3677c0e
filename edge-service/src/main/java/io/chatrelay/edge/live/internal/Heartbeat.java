package io.chatrelay.edge.live.internal;

import java.time.Clock;
import java.time.Duration;
import org.xnio.XnioExecutor;

/**
 * Pings one socket every ping interval, on its I/O thread's timer, and calls {@code onIdle} once the browser has sent
 * nothing at all, not even a pong, for the idle timeout. Browsers answer pings on their own, so an open tab stays
 * open however quiet its user is, while a vanished one is noticed within the idle timeout. It calls {@code onExpired}
 * once the clock passes {@code expiresAtMillis} (the sign-in's end).
 */
final class Heartbeat {

  private final ClientChannel channel;
  private final long pingMillis;
  private final long idleMillis;
  private final Clock clock;
  private final Runnable onIdle;
  private final long expiresAtMillis;
  private final Runnable onExpired;
  private volatile long lastHeard;
  private volatile XnioExecutor.Key next;
  private volatile boolean stopped;

  Heartbeat(ClientChannel channel, Duration ping, Duration idle, Clock clock, Runnable onIdle,
      long expiresAtMillis, Runnable onExpired) {
    this.channel = channel;
    this.pingMillis = ping.toMillis();
    this.idleMillis = idle.toMillis();
    this.clock = clock;
    this.onIdle = onIdle;
    this.expiresAtMillis = expiresAtMillis;
    this.onExpired = onExpired;
    this.lastHeard = clock.millis();
  }

  void start() {
    schedule(Math.min(pingMillis, untilExpiry(clock.millis())));
  }

  /** The browser sent a frame of any kind. */
  void heard() {
    lastHeard = clock.millis();
  }

  void stop() {
    stopped = true;
    XnioExecutor.Key key = next;
    if (key != null) {
      key.remove();
    }
  }

  private void schedule(long delayMillis) {
    next = channel.schedule(Duration.ofMillis(delayMillis), this::tick);
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long now = clock.millis();
    if (now >= expiresAtMillis) {
      onExpired.run();
      return;
    }
    long silent = now - lastHeard;
    if (silent >= idleMillis) {
      onIdle.run();
      return;
    }
    channel.sendPing();
    schedule(Math.min(Math.min(pingMillis, idleMillis - silent), untilExpiry(now)));
  }

  private long untilExpiry(long now) {
    return Math.max(0, expiresAtMillis - now);
  }
}
