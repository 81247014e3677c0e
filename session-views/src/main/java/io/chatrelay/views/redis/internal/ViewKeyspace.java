package io.chatrelay.views.redis.internal;

import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisNodes;
import java.util.List;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.KeyCommands;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The keys that make up the views under one prefix, found by their families ({@code session:*}, {@code messages:*},
 * ...) rather than by the bare prefix, so nothing else that shares the prefix (the pointer, other data) is touched.
 */
public final class ViewKeyspace {

  /** Prefixes are used in SCAN patterns, so glob characters are not allowed. */
  public static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");
  private static final int SCAN_COUNT = 1_000;

  private ViewKeyspace() {}

  /** Null when two prefixes can live side by side, otherwise why not. */
  public static String overlap(String live, String candidate) {
    if (!PREFIX.matcher(candidate).matches()) {
      return "use 1-100 letters, digits or . _ : @ -";
    }
    if (live.equals(candidate)) {
      return "it is the live prefix";
    }
    if (live.startsWith(candidate) || candidate.startsWith(live)) {
      return "it overlaps the live prefix '" + live + "'";
    }
    return null;
  }

  private static List<String> patterns(ViewKeys keys) {
    return List.of(keys.session("*"), keys.messages("*"), keys.userSessions("*"), keys.replied("*"),
        keys.answer("*"), keys.positions());
  }

  /** True when at least one view key exists under {@code keys}, on any master. */
  public static boolean any(UnifiedJedis redis, ViewKeys keys) {
    return RedisNodes.onEachMaster(redis, node -> anyOn(node, keys)).contains(true);
  }

  /**
   * Unlinks every view key under {@code keys}, on every master; returns how many. A page of a cluster node's keys is
   * unlinked key by key in one pipeline, since one command may not name keys of several slots there.
   */
  public static long delete(UnifiedJedis redis, ViewKeys keys) {
    return RedisNodes.onEachMaster(redis, node -> deleteOn(node, keys)).stream().mapToLong(Long::longValue).sum();
  }

  private static boolean anyOn(KeyCommands node, ViewKeys keys) {
    for (String pattern : patterns(keys)) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = node.scan(cursor, new ScanParams().match(pattern).count(SCAN_COUNT));
        if (!page.getResult().isEmpty()) {
          return true;
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return false;
  }

  private static long unlink(KeyCommands node, List<String> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    if (!(node instanceof Jedis clusterNode)) {
      return node.unlink(keys.toArray(String[]::new));
    }
    try (Pipeline pipeline = clusterNode.pipelined()) {
      List<Response<Long>> unlinked = keys.stream().map(pipeline::unlink).toList();
      pipeline.sync();
      return unlinked.stream().mapToLong(Response::get).sum();
    }
  }

  private static long deleteOn(KeyCommands node, ViewKeys keys) {
    long deleted = 0;
    for (String pattern : patterns(keys)) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = node.scan(cursor, new ScanParams().match(pattern).count(SCAN_COUNT));
        deleted += unlink(node, page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return deleted;
  }
}
