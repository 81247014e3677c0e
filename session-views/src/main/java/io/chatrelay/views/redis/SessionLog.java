package io.chatrelay.views.redis;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionIds;
import io.chatrelay.views.SessionFields;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * One session's events straight from {@code chat-messages}, without scanning the topic. The partition follows from
 * the key (records are keyed by session id and placed by Kafka's default partitioner: murmur2 of the key bytes), so
 * only one partition is read, from the session's first event on:
 * <ol>
 *   <li>the view's {@code firstSeq} when the session view is present;</li>
 *   <li>else the creation time: from a version-7 session id ({@link SessionIds}), the view's {@code createdAt}, or a
 *       time the caller knows, turned into an offset with {@code offsetsForTimes} (minus {@link #SLACK});</li>
 *   <li>else the start of the partition.</li>
 * </ol>
 * Reading stops at the partition's end as it was when the replay began, or after the session's deletion. With the
 * view's {@code lastSeq} and the projector's position for the partition, the stretch between them is skipped: the
 * projector has read it and the view took no event of the session from it, so a history of an old session does not
 * read the whole rest of its partition.
 */
public final class SessionLog {

  /** Record timestamps are set by the writer's clock a little after the session id was made; allow for skew. */
  public static final Duration SLACK = Duration.ofMinutes(1);

  private final LogReader log;

  public SessionLog(LogReader log) {
    this.log = log;
  }

  /** The partition Kafka's default partitioner gives records keyed {@code sessionId}. */
  public static int partitionOf(String sessionId, int partitions) {
    return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * @param view the session's hash from the live views ({@link SessionFields}), empty when unknown
   * @param since a time at or before the session's creation that the caller knows, or null
   */
  public SessionStart locate(String sessionId, Map<String, String> view, Instant since) {
    return locate(sessionId, view, null, since);
  }

  /**
   * @param projected the projector's position (next offset to apply) for the session's partition, from the views'
   *     positions hash, or null when unknown
   */
  public SessionStart locate(String sessionId, Map<String, String> view, Long projected, Instant since) {
    List<TopicPartition> partitions = log.partitions();
    Optional<Integer> viewPartition = number(view.get(SessionFields.PARTITION)).map(Long::intValue);
    Optional<Long> firstSeq = number(view.get(SessionFields.FIRST_SEQ));
    Optional<Long> lastSeq = number(view.get(SessionFields.LAST_SEQ));
    if (viewPartition.isPresent() && firstSeq.isPresent()) {
      if (lastSeq.isPresent() && projected != null && projected > lastSeq.get() + 1) {
        return new SessionStart(viewPartition.get(), firstSeq.get(), "view", lastSeq.get() + 1, projected);
      }
      return new SessionStart(viewPartition.get(), firstSeq.get(), "view");
    }
    int partition = viewPartition.orElseGet(() -> partitionOf(sessionId, partitions.size()));
    TopicPartition tp = partitions.get(partition);
    Optional<Instant> created = SessionIds.createdAt(sessionId);
    String foundBy = "session id";
    if (created.isEmpty() && view.get(SessionFields.CREATED_AT) != null) {
      created = Optional.of(Instant.parse(view.get(SessionFields.CREATED_AT)));
      foundBy = "view createdAt";
    }
    if (created.isPresent()) {
      return new SessionStart(partition, log.offsetsAt(List.of(tp), created.get().minus(SLACK)).get(tp), foundBy);
    }
    if (since != null) {
      return new SessionStart(partition, log.offsetsAt(List.of(tp), since).get(tp), "since");
    }
    return new SessionStart(partition, log.beginningOffsets(List.of(tp)).get(tp), "partition start");
  }

  /** What a replay read. */
  public record Replay(SessionStart start, long endOffset, long scanned, long events) {}

  /**
   * Hands every record keyed {@code sessionId} from {@code start} to the partition's current end to {@code sink},
   * in order, stopping after a {@link SessionDeleted}.
   */
  public Replay replay(String sessionId, SessionStart start, Consumer<ConsumerRecord<String, byte[]>> sink,
      BooleanSupplier stop) {
    TopicPartition tp = new TopicPartition(log.topic(), start.partition());
    long end = log.endOffsets(List.of(tp)).get(tp);
    long[] counts = new long[2];
    boolean[] deleted = new boolean[1];
    LogReader.RecordSink filter = record -> {
      counts[0]++;
      if (!sessionId.equals(record.key())) {
        return true;
      }
      counts[1]++;
      sink.accept(record);
      deleted[0] = isDeletion(record);
      return !deleted[0];
    };
    long firstEnd = start.skips() ? Math.min(start.skipFrom(), end) : end;
    log.read(Map.of(tp, start.offset()), Map.of(tp, firstEnd), filter, stop);
    if (start.skips() && !deleted[0] && !stop.getAsBoolean()) {
      log.read(Map.of(tp, Math.min(start.skipTo(), end)), Map.of(tp, end), filter, stop);
    }
    return new Replay(start, end, counts[0], counts[1]);
  }

  private static boolean isDeletion(ConsumerRecord<String, byte[]> record) {
    return SessionDeleted.TYPE.equals(ChatEventSerde.typeOf(record.headers()));
  }

  private static Optional<Long> number(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
