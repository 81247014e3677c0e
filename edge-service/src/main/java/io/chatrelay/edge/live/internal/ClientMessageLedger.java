package io.chatrelay.edge.live.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Remembers which client message ids of a session are stored, in Redis, so that a resend of the same frame (a
 * browser's retry after a dropped connection, possibly to another edge instance) is acknowledged again instead of
 * stored twice.
 *
 * <p>Key {@code <prefix>client-msg:<sessionId>:<clientId>}: first {@code pending:<token>} for
 * {@value #PENDING_SECONDS} s, claimed with SET NX before producing; then the message's seq for
 * {@value #STORED_SECONDS} s. A pending claim whose owner died expires, after which a resend stores the message;
 * if the owner died after the log took the message, that resend makes a second copy. The log is never scanned for
 * ids: that would cost a read of the partition per message.
 *
 * <p>Blocking: call from worker threads only.
 */
final class ClientMessageLedger {

  static final long PENDING_SECONDS = 120;
  static final long STORED_SECONDS = Duration.ofHours(24).toSeconds();
  private static final String PENDING = "pending:";
  private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
      + "return redis.call('DEL', KEYS[1]) else return 0 end";

  /** What a claim found. */
  sealed interface Claim permits Fresh, Stored, InFlight {}

  /** Nobody had the id: the caller stores the message and then records or releases it. */
  record Fresh(String token) implements Claim {}

  /** The message is in the log at {@code seq}. */
  record Stored(long seq) implements Claim {}

  /** Someone is storing it right now. */
  record InFlight() implements Claim {}

  private final UnifiedJedis redis;
  private final String prefix;

  ClientMessageLedger(UnifiedJedis redis, String prefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  String key(String sessionId, String clientId) {
    return prefix + "client-msg:" + sessionId + ":" + clientId;
  }

  Claim claim(String sessionId, String clientId) {
    String key = key(sessionId, clientId);
    // A value can expire between SET NX and GET; then claiming again decides.
    for (int attempt = 0; attempt < 3; attempt++) {
      String token = PENDING + UUID.randomUUID();
      if ("OK".equals(redis.set(key, token, SetParams.setParams().nx().ex(PENDING_SECONDS)))) {
        return new Fresh(token);
      }
      String value = redis.get(key);
      if (value != null) {
        return value.startsWith(PENDING) ? new InFlight() : new Stored(Long.parseLong(value));
      }
    }
    return new InFlight();
  }

  void stored(String sessionId, String clientId, long seq) {
    redis.set(key(sessionId, clientId), Long.toString(seq), SetParams.setParams().ex(STORED_SECONDS));
  }

  /** Gives up a claim that was not stored, so a retry can store the message; only our own claim is removed. */
  void release(String sessionId, String clientId, Fresh claim) {
    redis.eval(RELEASE, List.of(key(sessionId, clientId)), List.of(claim.token()));
  }
}
