package io.chatrelay.testing;

import static org.awaitility.Awaitility.await;

import io.chatrelay.views.ViewKeys;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.RecordMetadata;
import redis.clients.jedis.UnifiedJedis;

/**
 * How far the views under one prefix have applied the log, read from their {@link ViewKeys#positions() positions}
 * hash (per partition, the next offset to apply). The projector writes that hash in the same script as the views,
 * so once it passes a record, everything up to that record is in the views: the one safe thing for a test to wait
 * on before it reads them.
 */
public final class ViewPositions {

  /** Long enough for a projector that starts, joins its group and flushes, on a busy machine. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private final UnifiedJedis redis;
  private final ViewKeys keys;

  /** @param redis the caller's client, which this never closes */
  public ViewPositions(UnifiedJedis redis, ViewKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public ViewPositions(UnifiedJedis redis, String prefix) {
    this(redis, new ViewKeys(prefix));
  }

  /** Per partition number, the next offset the views will apply; partitions they never read are absent. */
  public Map<Integer, Long> now() {
    Map<Integer, Long> out = new TreeMap<>();
    redis.hgetAll(keys.positions()).forEach((p, next) -> out.put(Integer.parseInt(p), Long.parseLong(next)));
    return out;
  }

  /** Whether the views include the record at {@code at}. */
  public boolean include(RecordMetadata at) {
    String next = redis.hget(keys.positions(), Integer.toString(at.partition()));
    return next != null && Long.parseLong(next) > at.offset();
  }

  /**
   * Whether the views include every record before {@code ends}, the end offset per partition number that
   * {@link ChatLogTail#endOffsets} gives; an empty partition needs no position.
   */
  public boolean cover(Map<Integer, Long> ends) {
    Map<Integer, Long> positions = now();
    return ends.entrySet().stream()
        .allMatch(e -> e.getValue() == 0 || positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  public void awaitApplied(RecordMetadata at) {
    awaitApplied(at, WAIT);
  }

  public void awaitApplied(RecordMetadata at, Duration atMost) {
    await(keys.prefix() + " includes " + at).atMost(atMost).until(() -> include(at));
  }

  /** Waits until the views include everything before {@code ends}. */
  public void awaitCovering(Map<Integer, Long> ends) {
    await(keys.prefix() + " covers " + ends).atMost(WAIT).until(() -> cover(ends));
  }
}
