package io.chatrelay.projector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Every view key under a prefix with its type and full contents, keyed without the prefix, for exact comparison.
 * The projector's recovery marker ({@code views-complete}) is its own bookkeeping, not a view: it says how far a
 * replay of each partition has come, so two projectors at the same views may differ there for a moment.
 */
final class ViewSnapshot {

  private static final String RECOVERY_MARKER = "views-complete";

  private ViewSnapshot() {}

  static Map<String, String> of(RedisClient redis, String prefix) {
    Map<String, String> out = new TreeMap<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      for (String key : page.getResult()) {
        if (key.equals(prefix + RECOVERY_MARKER)) {
          continue;
        }
        out.put(key.substring(prefix.length()), describe(redis, key));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return out;
  }

  private static String describe(RedisClient redis, String key) {
    String type = redis.type(key);
    return switch (type) {
      case "hash" -> "hash " + new TreeMap<>(redis.hgetAll(key));
      case "zset" -> "zset " + zset(redis.zrangeWithScores(key, 0, -1));
      case "set" -> "set " + new TreeSet<>(redis.smembers(key));
      case "string" -> "string " + redis.get(key);
      default -> type;
    };
  }

  private static List<String> zset(List<Tuple> tuples) {
    List<String> out = new ArrayList<>();
    for (Tuple t : tuples) {
      out.add(t.getScore() + "=" + t.getElement());
    }
    return out;
  }
}
