package io.chatrelay.views.redis;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the views of one session from the log, for a reader that found them missing or incomplete (evicted,
 * Redis restarted without persistence, flushed). The session's keys are cleared, its events are read straight from
 * its partition ({@link SessionLog}) and applied to the live prefix without touching the positions hash
 * ({@link ViewApplier#applyOutOfBand}).
 *
 * <p>While the view was missing, the projector ignored the session's new events as {@code unknown_session}. So after
 * applying what the log held, the restore compares with the projector's position on the partition: if the projector
 * has read beyond what the restore covered, the restore reads on, until the projector has not passed it. From then
 * on every new event finds the session in place.
 */
public final class SessionRestore {

  /** One session's restore: how many of its events were applied, and where reading started. */
  public record Result(SessionStart start, long events, long sessionsCreated, int rounds) {

    /** False when the log holds no creation of the session (unknown id, or aged out of retention). */
    public boolean found() {
      return sessionsCreated > 0;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(SessionRestore.class);
  private static final int MAX_ROUNDS = 20;
  private static final int BATCH = 1_000;

  private final SessionLog sessions;
  private final ViewApplier applier;

  /** @param applier a {@link ViewApplier#following following} applier, so the restore lands in the live views */
  public SessionRestore(LogReader log, ViewApplier applier) {
    this.sessions = new SessionLog(log);
    this.applier = applier;
  }

  /**
   * @param userId the session's owner when known (its entry in the user index is cleared first), else null
   * @param since a time at or before the session's creation, for ids that do not carry it; else null
   */
  public Result restore(String sessionId, String userId, Instant since, BooleanSupplier stop) {
    SessionStart start = sessions.locate(sessionId, Map.of(), null, since);
    applier.forgetSession(sessionId, userId);
    long from = start.offset();
    long events = 0;
    long created = 0;
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      List<LoggedEvent> batch = new ArrayList<>();
      SessionLog.Replay replay = sessions.replay(sessionId, new SessionStart(start.partition(), from,
          start.foundBy()), record -> batch.add(logged(record)), stop);
      for (int i = 0; i < batch.size(); i += BATCH) {
        List<LoggedEvent> chunk = batch.subList(i, Math.min(batch.size(), i + BATCH));
        BatchResult result = applier.applyOutOfBand(chunk);
        for (int j = 0; j < chunk.size(); j++) {
          if (chunk.get(j).event() instanceof SessionCreated && result.outcomes().get(j) == Outcome.APPLIED) {
            created++;
          }
        }
      }
      events += batch.size();
      long projected = applier.position(start.partition());
      if (projected <= replay.endOffset() || stop.getAsBoolean()) {
        LOG.info("restored sessionId={} from partition {} offset {}: {} events in {} rounds", sessionId,
            start.partition(), start.offset(), events, round);
        return new Result(start, events, created, round);
      }
      from = replay.endOffset();
    }
    throw new IllegalStateException("sessionId=" + sessionId + " could not catch up with the projector in "
        + MAX_ROUNDS + " rounds");
  }

  private static LoggedEvent logged(ConsumerRecord<String, byte[]> record) {
    try {
      return LoggedEvent.of(ChatEventSerde.fromBytes(record.value()), record.partition(), record.offset());
    } catch (SerializationException e) {
      return LoggedEvent.unreadable(record.partition(), record.offset());
    }
  }
}
