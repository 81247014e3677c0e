package io.chatrelay.reliability.testing;

import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Every view under one prefix as plain text, key (without the prefix) to a canonical rendering of its value, so two
 * sets of views can be compared key by key or by one checksum. Only the view families count (sessions, messages,
 * user indexes, replied sets, positions); anything else sharing the prefix (the edge's client-id ledger) does not.
 */
public final class ViewDump {

  private ViewDump() {}

  public static Map<String, String> of(String redisUrl, ViewKeys keys) {
    try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
      Map<String, String> out = new TreeMap<>();
      for (String pattern : List.of(keys.session("*"), keys.messages("*"), keys.userSessions("*"),
          keys.replied("*"), keys.answer("*"), keys.positions())) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
          ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(1000));
          for (String key : page.getResult()) {
            out.put(key.substring(keys.prefix().length()), render(redis, key));
          }
          cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      }
      return out;
    }
  }

  /** SHA-256 over every key and value, in key order. */
  public static String checksum(Map<String, String> dump) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      dump.forEach((key, value) -> {
        digest.update(key.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keys whose values differ, or that only one side has. */
  public static List<String> differences(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all.stream().filter(key -> !java.util.Objects.equals(a.get(key), b.get(key))).toList();
  }

  private static String render(RedisClient redis, String key) {
    String type = redis.type(key);
    return switch (type) {
      case "hash" -> new TreeMap<>(redis.hgetAll(key)).toString();
      case "zset" -> redis.zrangeWithScores(key, 0, -1).stream()
          .map(t -> t.getScore() + "=" + t.getElement()).collect(Collectors.joining("\n"));
      case "set" -> new TreeSet<>(redis.smembers(key)).toString();
      case "string" -> redis.get(key);
      default -> type;
    };
  }
}
