package io.chatrelay.connector.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * User messages that already have a reply or terminal error in the log, found by reading each newly assigned
 * partition from its committed offset to its end. A connector that died after publishing a reply but before
 * committing would otherwise ask the agent again and publish a second answer. The same scan finds messages whose
 * answer was begun (chunks written) or stopped (a cancel) without being ended ({@link LogPrior}). Only records before
 * the scanned end can be answered already, so each partition's ids are dropped once consumption passes that end.
 * Poll thread only.
 */
public final class AnsweredIndex {

  private record Scan(Set<UUID> answered, Map<UUID, LogPrior> unfinished, long end) {}

  private final Map<TopicPartition, Scan> scans = new HashMap<>();

  /** The ids answered in {@code tp} below offset {@code end}. */
  public void put(TopicPartition tp, Set<UUID> answered, long end) {
    put(tp, answered, Map.of(), end);
  }

  /** Also what the log holds about messages of {@code tp} begun or stopped but not answered below {@code end}. */
  public void put(TopicPartition tp, Set<UUID> answered, Map<UUID, LogPrior> unfinished, long end) {
    if (answered.isEmpty() && unfinished.isEmpty()) {
      scans.remove(tp);
    } else {
      scans.put(tp, new Scan(Set.copyOf(answered), Map.copyOf(unfinished), end));
    }
  }

  /** What the log held about the unanswered user message {@code eventId} read at {@code tp@offset}. */
  public LogPrior prior(TopicPartition tp, long offset, UUID eventId) {
    Scan scan = scans.get(tp);
    if (scan == null || offset >= scan.end()) {
      return LogPrior.NONE;
    }
    return scan.unfinished().getOrDefault(eventId, LogPrior.NONE);
  }

  public void remove(TopicPartition tp) {
    scans.remove(tp);
  }

  /** Whether the user message {@code eventId} read at {@code tp@offset} already has its answer in the log. */
  public boolean answered(TopicPartition tp, long offset, UUID eventId) {
    Scan scan = scans.get(tp);
    if (scan == null) {
      return false;
    }
    if (offset >= scan.end()) {
      scans.remove(tp);
      return false;
    }
    return scan.answered().contains(eventId);
  }

  public int size() {
    return scans.values().stream().mapToInt(s -> s.answered().size()).sum();
  }
}
