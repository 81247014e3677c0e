package io.chatrelay.views.redis;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The message published on the positions channel after each batch: {@code partition:nextOffset} pairs joined by
 * commas, partitions ascending, e.g. {@code 0:118,3:42}. Readers waiting for their write compare against it.
 */
public final class PositionsMessage {

  private PositionsMessage() {}

  public static String format(Map<Integer, Long> positions) {
    return new TreeMap<>(positions).entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** Reads a message written by {@link #format}; a malformed one fails naming the bad part. */
  public static Map<Integer, Long> parse(String message) {
    Map<Integer, Long> out = new TreeMap<>();
    if (message == null || message.isBlank()) {
      return out;
    }
    for (String pair : message.split(",")) {
      int colon = pair.indexOf(':');
      try {
        if (colon < 1) {
          throw new NumberFormatException();
        }
        out.put(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("positions message part '" + pair + "' is not partition:offset");
      }
    }
    return out;
  }
}
