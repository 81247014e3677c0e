package io.chatrelay.edge.views;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The projector's positions (partition to next offset to apply), as published and as stored in the hash. */
public final class ProjectionPositions {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectionPositions.class);

  private ProjectionPositions() {}

  /** {@code partition:nextOffset,...}; malformed entries are skipped (the poll repairs anything missed). */
  public static Map<Integer, Long> parseMessage(String message) {
    Map<Integer, Long> out = new HashMap<>();
    for (String entry : message.split(",")) {
      int colon = entry.indexOf(':');
      if (colon > 0) {
        putParsed(out, entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
      }
    }
    return out;
  }

  public static Map<Integer, Long> parseHash(Map<String, String> hash) {
    Map<Integer, Long> out = new HashMap<>();
    hash.forEach((partition, next) -> putParsed(out, partition, next));
    return out;
  }

  private static void putParsed(Map<Integer, Long> out, String partition, String next) {
    try {
      out.put(Integer.parseInt(partition), Long.parseLong(next));
    } catch (NumberFormatException e) {
      LOG.debug("ignoring malformed position {}={}", partition, next);
    }
  }
}
