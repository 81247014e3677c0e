package io.chatrelay.edge.live.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Remembers which client message ids of a session are stored, in Redis, so that a resend of the same message (a
 * browser's frame retried after a dropped connection, or a REST request retried with the same
 * {@code Idempotency-Key}, possibly to another edge instance) is acknowledged again instead of stored twice.
 *
 * <p>Key {@code <prefix>client-msg:<sessionId>:<clientId>}: first {@code pending:<token>@<offset>@<millis>} for
 * {@value #PENDING_SECONDS} s, claimed with SET NX before producing; then the message's seq for
 * {@value #STORED_SECONDS} s. The offset in a pending claim is where the log stood when the attempt began; the
 * millis are when its writer last said it is still waiting for the log ({@link #renew}), for whoever reads Redis. A
 * writer waits as long as the brokers take to decide (a broker failing over holds writes for seconds) and renews its
 * claim meanwhile, so a claim that did not change while a resend waited belongs to a writer that is gone (an edge
 * instance killed mid-write): the resend then looks in the log from the offset, and acknowledges the copy it finds
 * or stores the message itself, instead of waiting for the claim to expire.
 *
 * <p>A write that failed may still have been stored: when the broker dies after appending a record but before
 * acknowledging it, the producer reports a timeout for a record that is in the log. Such a claim becomes
 * {@code uncertain:<offset>}, a lower bound of where the message would be, and a resend first looks in the log from
 * there ({@link Uncertain}); only then is it stored again. The log is read only in that case, never per message.
 *
 * <p>Blocking: call from worker threads only.
 */
final class ClientMessageLedger {

  static final long PENDING_SECONDS = 120;
  static final long STORED_SECONDS = Duration.ofHours(24).toSeconds();
  private static final String PENDING = "pending:";
  private static final String UNCERTAIN = "uncertain:";
  private static final String REPLACE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
      + "redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 else return 0 end";

  /** What a claim found. */
  sealed interface Claim permits Fresh, Stored, InFlight, Uncertain {}

  /** Nobody had the id: the caller stores the message and then records it, or marks it uncertain. */
  record Fresh(String token) implements Claim {}

  /** The message is in the log at {@code seq}. */
  record Stored(long seq) implements Claim {}

  /** Someone is storing it right now; {@code value} is their claim. */
  record InFlight(String value) implements Claim {

    /**
     * Where the log stood when that attempt began (a lower bound of the message's offset), if the claim says; a
     * resend that waited longer than any live attempt takes can look there instead of waiting for the claim to
     * expire.
     */
    OptionalLong from() {
      return field(1);
    }

    private OptionalLong field(int index) {
      String[] parts = value.split("@");
      if (parts.length <= index) {
        return OptionalLong.empty();
      }
      try {
        return OptionalLong.of(Long.parseLong(parts[index]));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
  }

  /** An earlier attempt failed but may have stored it, at {@code from} or later; {@code value} is the entry. */
  record Uncertain(long from, String value) implements Claim {}

  /** The few Redis commands the ledger is made of, so that its rules can be checked against a map. */
  interface Entries {

    /** SET NX EX: true when the key was free and now holds {@code value}. */
    boolean setIfAbsent(String key, String value, long seconds);

    String get(String key);

    /** SET EX. */
    void set(String key, String value, long seconds);

    /** Sets {@code value} only while the key holds {@code expected}, atomically; true when it did. */
    boolean replace(String key, String expected, String value, long seconds);
  }

  private final Entries entries;
  private final String prefix;

  ClientMessageLedger(UnifiedJedis redis, String prefix) {
    this(new RedisEntries(redis), prefix);
  }

  ClientMessageLedger(Entries entries, String prefix) {
    this.entries = Objects.requireNonNull(entries, "entries");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  String key(String sessionId, String clientId) {
    return prefix + "client-msg:" + sessionId + ":" + clientId;
  }

  /**
   * @param from a lower bound of the offset the message will get if this caller stores it
   * @param nowMillis the time the claim says it was made
   */
  Claim claim(String sessionId, String clientId, long from, long nowMillis) {
    String key = key(sessionId, clientId);
    // A value can expire between SET NX and GET; then claiming again decides.
    for (int attempt = 0; attempt < 3; attempt++) {
      String token = pendingToken(from, nowMillis);
      if (entries.setIfAbsent(key, token, PENDING_SECONDS)) {
        return new Fresh(token);
      }
      String value = entries.get(key);
      if (value != null) {
        if (value.startsWith(UNCERTAIN)) {
          return new Uncertain(Long.parseLong(value.substring(UNCERTAIN.length())), value);
        }
        return value.startsWith(PENDING) ? new InFlight(value) : new Stored(Long.parseLong(value));
      }
    }
    return new InFlight(PENDING);
  }

  /**
   * Our write is still waiting for the log: says so in our claim, so no resend presumes us gone. Returns the claim
   * as it now stands, or null when it is no longer ours (then the caller stops renewing).
   */
  Fresh renew(String sessionId, String clientId, Fresh claim, long from, long nowMillis) {
    String token = pendingToken(from, nowMillis);
    boolean replaced = entries.replace(key(sessionId, clientId), claim.token(), token, PENDING_SECONDS);
    return replaced ? new Fresh(token) : null;
  }

  void stored(String sessionId, String clientId, long seq) {
    entries.set(key(sessionId, clientId), Long.toString(seq), STORED_SECONDS);
  }

  /**
   * Our attempt failed without knowing whether the log took the message: a resend must look from {@code from} (a
   * lower bound of its offset) before storing it again. Only our own claim is replaced.
   */
  void uncertain(String sessionId, String clientId, Fresh claim, long from) {
    entries.replace(key(sessionId, clientId), claim.token(), UNCERTAIN + from, STORED_SECONDS);
  }

  /**
   * The log showed the message is not there: claims it for storing in place of {@code entry} (an uncertain entry, or
   * the claim of an attempt presumed dead); null when someone else changed the entry first.
   */
  Fresh reclaim(String sessionId, String clientId, Uncertain entry, long from, long nowMillis) {
    String token = pendingToken(from, nowMillis);
    boolean replaced = entries.replace(key(sessionId, clientId), entry.value(), token, PENDING_SECONDS);
    return replaced ? new Fresh(token) : null;
  }

  private static String pendingToken(long from, long nowMillis) {
    return PENDING + UUID.randomUUID() + "@" + from + "@" + nowMillis;
  }

  private record RedisEntries(UnifiedJedis redis) implements Entries {

    RedisEntries {
      Objects.requireNonNull(redis, "redis");
    }

    @Override
    public boolean setIfAbsent(String key, String value, long seconds) {
      return "OK".equals(redis.set(key, value, SetParams.setParams().nx().ex(seconds)));
    }

    @Override
    public String get(String key) {
      return redis.get(key);
    }

    @Override
    public void set(String key, String value, long seconds) {
      redis.set(key, value, SetParams.setParams().ex(seconds));
    }

    @Override
    public boolean replace(String key, String expected, String value, long seconds) {
      Object replaced = redis.eval(REPLACE, List.of(key), List.of(expected, value, Long.toString(seconds)));
      return Long.valueOf(1).equals(replaced);
    }
  }
}
