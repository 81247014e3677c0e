package io.chatrelay.events;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Session ids that say when the session began: time-ordered UUIDs (version 7, RFC 9562), whose first 48 bits are
 * the creation time in Unix milliseconds. With the key's partition (murmur2 of the id, as Kafka's default
 * partitioner computes it) and this time, a reader can seek straight to a session's first event in
 * {@code chat-messages} with {@code offsetsForTimes}, even when no view of the session survives.
 */
public final class SessionIds {

  private static final Random RANDOM = new SecureRandom();
  private static final long MAX_MILLIS = (1L << 48) - 1;

  private SessionIds() {}

  /** A new version-7 id stamped with {@code clock}'s current millisecond; the other 74 bits are random. */
  public static UUID newId(Clock clock) {
    return at(clock.millis(), RANDOM.nextLong(), RANDOM.nextLong());
  }

  static UUID at(long epochMillis, long randomHigh, long randomLow) {
    if (epochMillis < 0 || epochMillis > MAX_MILLIS) {
      throw new IllegalArgumentException("epochMillis=" + epochMillis + " does not fit the 48 bits of a UUIDv7");
    }
    long msb = (epochMillis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
    long lsb = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /**
   * When a session with this id began, if the id is a version-7 UUID (as {@link #newId} makes); empty for any other
   * id, such as the random (version 4) ids of older sessions.
   */
  public static Optional<Instant> createdAt(String sessionId) {
    if (sessionId == null || sessionId.length() != 36) {
      return Optional.empty();
    }
    try {
      UUID id = UUID.fromString(sessionId);
      if (id.version() != 7 || id.variant() != 2) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
