package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.views.ProjectionWatcher;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.views.AnswerInProgress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reconnecting socket what it missed: every message of the session with {@code lastSeq < seq < liveFrom},
 * oldest first, before the live events from {@code liveFrom} on (which the socket holds meanwhile).
 *
 * <p>The views hold everything below the projector's position, so the resume first waits briefly for the projector
 * to reach {@code liveFrom}; usually it is there already. What the views do not hold is read from the log: the part
 * newer than the projector's position when it lags, and the part older than the views reach when the views lost
 * some of the session's history. Statuses are live only: a resume replays the messages, as the history shows them.
 * An answer still being written is sent as one delta with the text the client does not have (the chunks after its
 * {@code lastSeq}), in its place among the messages, so the rest of it follows live with no gap and no repeat.
 */
final class Resume {

  private static final Logger LOG = LoggerFactory.getLogger(Resume.class);
  static final int PAGE = 100;

  private final HistoryView views;
  private final LogRangeReader log;
  private final ProjectionWatcher projection;
  private final Duration projectionWait;
  private final LiveMetrics metrics;

  Resume(HistoryView views, LogRangeReader log, ProjectionWatcher projection, Duration projectionWait,
      LiveMetrics metrics) {
    this.views = Objects.requireNonNull(views, "views");
    this.log = Objects.requireNonNull(log, "log");
    this.projection = Objects.requireNonNull(projection, "projection");
    this.projectionWait = Objects.requireNonNull(projectionWait, "projectionWait");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Blocking: runs on a resume thread. Sends what the socket missed and leaves it live, or closed when it could not
   * be served.
   *
   * @param lastSeq the last seq the client has (-1: none yet, send the whole history); empty: live only
   * @param liveFrom the first offset the live feed delivers to the socket (it holds those until this is done)
   */
  void run(LiveConnection socket, OptionalLong lastSeq, int partition, long liveFrom) {
    try {
      if (lastSeq.isPresent() && lastSeq.getAsLong() + 1 < liveFrom
          && !replay(socket, lastSeq.getAsLong(), partition, liveFrom)) {
        return;
      }
      socket.goLive();
    } catch (RuntimeException e) {
      LOG.warn("resume of sessionId={} after seq {} failed: {}", socket.sessionId(), lastSeq, e.toString());
      socket.close(1013, "history unavailable, reconnect", "resume_failed");
    }
  }

  /** False when the socket closed on the way. */
  private boolean replay(LiveConnection socket, long lastSeq, int partition, long liveFrom) {
    String sessionId = socket.sessionId();
    boolean caughtUp = projection.awaitApplied(partition, liveFrom - 1, projectionWait).join();
    long viewUpTo = caughtUp ? liveFrom : Math.min(liveFrom, views.position(partition));
    HistoryView.Reach reach = views.reach(sessionId);
    long cursor = lastSeq;
    long olderThanView = Math.min(reach.oldest(), viewUpTo);
    boolean olderFromLog = !reach.complete() && cursor + 1 < olderThanView;
    boolean newerFromLog = viewUpTo < liveFrom;
    metrics.resumed(olderFromLog || newerFromLog ? "log" : "view");
    if (olderFromLog) {
      LOG.debug("views of sessionId={} reach back to seq {} only; reading older history from the log", sessionId,
          reach.oldest());
      if (!fromLog(socket, partition, Math.max(cursor + 1, reach.firstSeq()), olderThanView)) {
        return false;
      }
      cursor = olderThanView - 1;
    }
    if (!fromViews(socket, cursor, viewUpTo)) {
      return false;
    }
    if (newerFromLog) {
      LOG.debug("views of sessionId={} are behind (position {} < {}); reading the rest from the log", sessionId,
          viewUpTo, liveFrom);
      return fromLog(socket, partition, Math.max(lastSeq + 1, viewUpTo), liveFrom);
    }
    return true;
  }

  private boolean fromViews(LiveConnection socket, long after, long before) {
    Frame answer = views.answer(socket.sessionId()).map(a -> missedText(a, after, before)).orElse(null);
    long cursor = after;
    while (cursor + 1 < before) {
      List<String> page = views.page(socket.sessionId(), cursor, before, PAGE);
      for (String stored : page) {
        Frame frame = LiveFrames.ofView(stored);
        if (answer != null && answer.seq() < frame.seq()) {
          if (!socket.replay(answer)) {
            return false;
          }
          answer = null;
        }
        if (!socket.replay(frame)) {
          return false;
        }
        cursor = frame.seq();
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    return answer == null || socket.replay(answer);
  }

  /** The delta of what a client with {@code after} misses of {@code answer}, up to {@code before}; or null. */
  private static Frame missedText(AnswerInProgress answer, long after, long before) {
    long last = answer.lastSeqBefore(before);
    if (last <= after) {
      return null;
    }
    return LiveFrames.delta(answer.inReplyTo(), last, answer.textBetween(after, before));
  }

  private boolean fromLog(LiveConnection socket, int partition, long from, long to) {
    boolean[] open = {true};
    log.read(partition, from, to, socket.sessionId(), event -> {
      if (event.event() instanceof SessionDeleted) {
        socket.close(1000, "session deleted", "session_deleted");
        open[0] = false;
      } else if (event.frame() != null && !(event.event() instanceof AgentStatus)
          && event.event().userId().equals(socket.userId())) {
        open[0] = socket.replay(event.frame());
      }
      return open[0];
    });
    return open[0];
  }
}
