package io.chatrelay.views.redis;

import io.chatrelay.kit.EnvReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How long a session's views stay in Redis after its last event ({@code VIEW_SESSION_TTL_SECONDS}). A cold session
 * leaves Redis by itself; the log still has it, and the edge restores it from there when its owner opens it.
 *
 * <p>Live events keep their session until {@code occurredAt + ttl}, so the time is the conversation's, not the
 * writer's: a replay of the log (a rebuild, or a replay after Redis lost data) does not bring every old session back
 * for a whole period. An event already older than that is not applied at all ({@link Outcome#EXPIRED}): its session
 * is cold, and is restored from the log if anyone asks. A session restored on demand is kept for {@code ttl} from
 * its restore.
 *
 * @param ttl how long after its last event a session is kept; zero keeps every session until it is deleted
 */
public record SessionExpiry(Duration ttl, Clock clock) {

  /** The variable that sets the time to live, in seconds; 0 (the default) keeps every session. */
  public static final String TTL_ENV = "VIEW_SESSION_TTL_SECONDS";
  private static final int MAX_TTL_SECONDS = 10 * 366 * 24 * 3600;

  /** Sessions are kept until they are deleted. */
  public static final SessionExpiry NEVER = new SessionExpiry(Duration.ZERO, Clock.systemUTC());

  public SessionExpiry {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl=" + ttl + " is invalid: must not be negative");
    }
  }

  /** The time to live {@link #TTL_ENV} sets, zero when unset. */
  public static Duration ttlFromEnv(EnvReader env) {
    return Duration.ofSeconds(env.integer(TTL_ENV, 0, 0, MAX_TTL_SECONDS));
  }

  public boolean enabled() {
    return !ttl.isZero();
  }

  /** True when an event that happened at {@code occurredAt} belongs to a session that is already cold. */
  public boolean expired(Instant occurredAt) {
    return enabled() && occurredAt.plus(ttl).isBefore(clock.instant());
  }

  /** When the session of an event applied in log order leaves Redis (epoch ms), if ever. */
  public OptionalLong liveExpiry(Instant occurredAt) {
    return enabled() ? OptionalLong.of(occurredAt.plus(ttl).toEpochMilli()) : OptionalLong.empty();
  }

  /** When a session restored now leaves Redis (epoch ms), if ever. */
  public OptionalLong restoredExpiry() {
    return enabled() ? OptionalLong.of(clock.instant().plus(ttl).toEpochMilli()) : OptionalLong.empty();
  }
}
