package io.chatrelay.edge.views;

import io.chatrelay.edge.log.ChatLog;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a client's latest writes landed in the log: per partition, the highest offset it wrote. Carried inside the
 * signed session cookie, so the client's next read, on whichever edge instance it lands, waits until the views show
 * those writes, while the write itself is answered as soon as Kafka acknowledged it.
 *
 * <p>Text form {@code partition.offset} joined by {@code -}, e.g. {@code 3.1042-0.77}; at most
 * {@value #MAX_PARTITIONS} partitions are kept. Past that the highest partitions other than the one just written
 * are dropped: the write a client just made is the one its next read most likely looks for, and only a client
 * writing to more partitions than that at once waits for fewer of its writes.
 */
public record WrittenPositions(Map<Integer, Long> offsets) {

  public static final WrittenPositions NONE = new WrittenPositions(Map.of());
  static final int MAX_PARTITIONS = 16;
  private static final Pattern TEXT = Pattern.compile("[0-9]{1,5}\\.[0-9]{1,18}(-[0-9]{1,5}\\.[0-9]{1,18}){0,15}");

  public WrittenPositions {
    offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
  }

  /** The positions in {@code text}, or {@link #NONE} when it is empty or not of the form this class writes. */
  public static WrittenPositions parse(String text) {
    if (text == null || text.isEmpty() || !TEXT.matcher(text).matches()) {
      return NONE;
    }
    Map<Integer, Long> offsets = new TreeMap<>();
    for (String entry : text.split("-")) {
      int dot = entry.indexOf('.');
      offsets.merge(Integer.parseInt(entry.substring(0, dot)), Long.parseLong(entry.substring(dot + 1)), Math::max);
    }
    return new WrittenPositions(offsets);
  }

  /** These positions and {@code ack}, keeping the higher offset of a partition. */
  public WrittenPositions with(ChatLog.Ack ack) {
    TreeMap<Integer, Long> more = new TreeMap<>(offsets);
    more.merge(ack.partition(), ack.offset(), Math::max);
    while (more.size() > MAX_PARTITIONS) {
      Integer highest = more.lastKey();
      more.remove(highest == ack.partition() ? more.lowerKey(highest) : highest);
    }
    return new WrittenPositions(more);
  }

  public boolean isEmpty() {
    return offsets.isEmpty();
  }

  /** The text form; empty for {@link #NONE}. */
  public String text() {
    StringBuilder out = new StringBuilder();
    offsets.forEach((partition, offset) -> {
      if (!out.isEmpty()) {
        out.append('-');
      }
      out.append(partition).append('.').append(offset);
    });
    return out.toString();
  }
}
