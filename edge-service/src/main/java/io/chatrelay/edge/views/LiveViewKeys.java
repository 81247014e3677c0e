package io.chatrelay.edge.views;

import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.ViewPointer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Which prefix holds the live views. A rebuild ({@code ./relay rebuild-views}) writes a fresh prefix and switches
 * the pointer {@code <VIEW_PREFIX>active-prefix} to it; every reader of the views takes {@link #current()} once per
 * call, so a switch takes effect for the next request without any lock. The {@link ProjectionWatcher} follows the
 * pointer's channel and calls {@link #refresh}.
 *
 * <p>Keys the edge owns itself (the WebSocket's client message ids) stay under {@link #home()}: they are not views,
 * a rebuild does not copy them, and moving them would forget in-flight claims.
 */
public final class LiveViewKeys {

  private static final Logger LOG = LoggerFactory.getLogger(LiveViewKeys.class);

  private final ViewPointer pointer;
  private final AtomicReference<ViewKeys> live;

  /** Starts at {@code home}, as if the pointer were unset, until {@link #refresh} reads it. */
  public LiveViewKeys(ViewKeys home) {
    this.pointer = new ViewPointer(Objects.requireNonNull(home, "home"));
    this.live = new AtomicReference<>(home);
  }

  /** The configured prefix ({@code VIEW_PREFIX}). */
  public ViewKeys home() {
    return pointer.home();
  }

  /** The live views as last resolved. */
  public ViewKeys current() {
    return live.get();
  }

  /** The pointer key, which is also the channel a switch is announced on. */
  public String channel() {
    return pointer.key();
  }

  /** Reads the pointer and makes what it names live; returns the live keys. Throws when Redis cannot be reached. */
  public ViewKeys refresh(UnifiedJedis redis) {
    ViewKeys now = pointer.resolve(redis);
    ViewKeys before = live.getAndSet(now);
    if (!before.equals(now)) {
      LOG.info("reading views under prefix {} (was {}, home {})", now.prefix(), before.prefix(), home().prefix());
    }
    return now;
  }
}
