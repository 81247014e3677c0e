package io.chatrelay.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Every key under a prefix with its type and full contents, keyed without the prefix, for exact comparison of two
 * sets of views (SCAN, so only for tests).
 */
public final class ViewSnapshot {

  private ViewSnapshot() {}

  /**
   * @param ignored keys (without the prefix) left out, such as the projector's recovery marker, which is its own
   *     bookkeeping and may differ for a moment between two projectors at the same views
   */
  public static Map<String, String> of(UnifiedJedis redis, String prefix, String... ignored) {
    Set<String> skip = Set.of(ignored);
    Map<String, String> out = new TreeMap<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      for (String key : page.getResult()) {
        String name = key.substring(prefix.length());
        if (!skip.contains(name)) {
          out.put(name, describe(redis, key));
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return out;
  }

  /** One key's type and contents in a canonical text form: sorted hash fields and set members, zset by score. */
  public static String describe(UnifiedJedis redis, String key) {
    String type = redis.type(key);
    return switch (type) {
      case "hash" -> "hash " + new TreeMap<>(redis.hgetAll(key));
      case "zset" -> "zset " + zset(redis, key);
      case "set" -> "set " + new TreeSet<>(redis.smembers(key));
      case "string" -> "string " + redis.get(key);
      default -> type;
    };
  }

  private static List<String> zset(UnifiedJedis redis, String key) {
    return redis.zrangeWithScores(key, 0, -1).stream().map(t -> t.getScore() + "=" + t.getElement()).toList();
  }
}
