package io.chatrelay.views.redis;

import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.internal.Scripts;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Which key prefix holds the live views. The string key {@code <home>{views}active-prefix}
 * ({@code relay:{views}active-prefix} with the default home {@code relay:}) names it; while that key is unset the
 * home prefix itself is live. A rebuild writes a fresh prefix and then switches the pointer, atomically and only
 * once the fresh views have caught up with the live ones; the switch is announced on a channel of the same name,
 * the message being the new prefix.
 *
 * <p>Readers resolve the pointer before reading (or resolve it once and follow the channel); the projector's
 * {@link ViewApplier#following writer} checks it as it ends each batch, so the old prefix's positions never move
 * after a switch.
 *
 * @param home the configured prefix ({@code VIEW_PREFIX}); it names the pointer and is live until a first switch
 */
public record ViewPointer(ViewKeys home) {

  public static final String KEY_SUFFIX = "active-prefix";

  public ViewPointer {
    Objects.requireNonNull(home, "home");
  }

  /** The pointer key, also the channel on which a switch is announced. */
  public String key() {
    return home.prefix() + ViewKeys.META_TAG + KEY_SUFFIX;
  }

  /** The live views now. */
  public ViewKeys resolve(UnifiedJedis redis) {
    String active = redis.get(key());
    return active == null || active.isEmpty() ? home : new ViewKeys(active);
  }

  /** What {@link #switchTo} did. */
  public enum Switch {
    /** Readers and the projector now use the new prefix. */
    SWITCHED,
    /** The new views have not applied everything the old ones have yet; catch up and try again. */
    BEHIND,
    /** Another prefix than {@code from} is live: someone else switched meanwhile. Nothing changed. */
    CONFLICT
  }

  /** What a switch attempt did, with the detail an operator needs when it did not switch. */
  public record SwitchResult(Switch outcome, String detail) {}

  /** Makes {@code to} the live views if {@code from} is live now and {@code to} has caught up with it. */
  public SwitchResult switchTo(UnifiedJedis redis, ViewKeys from, ViewKeys to) {
    Object reply = redis.eval(Scripts.SWITCH_PREFIX, List.of(key(), from.positions(), to.positions()),
        List.of(from.prefix(), to.prefix(), home.prefix(), RedisNodes.publishCommand(redis)));
    List<?> parts = (List<?>) reply;
    String detail = String.valueOf(parts.get(1));
    return switch (String.valueOf(parts.get(0))) {
      case "switched" -> new SwitchResult(Switch.SWITCHED, detail);
      case "behind" -> new SwitchResult(Switch.BEHIND, detail);
      case "conflict" -> new SwitchResult(Switch.CONFLICT, detail);
      default -> throw new IllegalStateException("unexpected reply of the switch script: " + parts);
    };
  }
}
