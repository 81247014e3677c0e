package io.chatrelay.views.redis;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.internal.ViewKeyspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Rebuilds every view from {@code chat-messages} into a fresh key prefix, then switches readers to it.
 *
 * <ol>
 *   <li>The whole log, from each partition's start to its end at the start of the rebuild, is applied to the new
 *       prefix with the same {@link ViewApplier} the projector uses, in pipelined batches. Readers meanwhile keep
 *       using the live prefix and never see the new one half-built.</li>
 *   <li>It then catches up with what was written meanwhile and asks {@link ViewPointer#switchTo} to switch: in one
 *       atomic step Redis checks that the new views have applied at least every offset the live ones have and
 *       points {@code <home>active-prefix} at the new prefix. When the projector got ahead in between, it catches
 *       up again and retries.</li>
 *   <li>From then on the projector writes the new prefix (its scripts check the pointer) and the old prefix stays
 *       as it was, unused, until {@link #dropViews dropped}.</li>
 * </ol>
 */
public final class ViewRebuild implements AutoCloseable {

  public static final int DEFAULT_BATCH_SIZE = 2_000;
  public static final int MAX_SWITCH_ATTEMPTS = 50;

  private static final Logger LOG = LoggerFactory.getLogger(ViewRebuild.class);

  /** Told how far the rebuild is: events read so far out of the events known to read (grows while catching up). */
  @FunctionalInterface
  public interface Progress {
    void update(long done, long total);
  }

  /**
   * @param events records read from the log and applied
   * @param sessions sessions created in the new views
   * @param catchUps catch-up rounds needed before the switch succeeded
   */
  public record Summary(long events, long sessions, Duration took, ViewKeys from, ViewKeys to, int catchUps) {}

  private final LogReader log;
  private final String redisUrl;
  private final UnifiedJedis redis;
  private final ViewPointer pointer;
  private final ViewKeys target;
  private final int batchSize;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<LoggedEvent> batch = new ArrayList<>();
  private ViewApplier applier;
  private long events;
  private long sessions;
  private long total;

  /**
   * @param home the configured prefix ({@code VIEW_PREFIX}); its pointer names the live views
   * @param target the fresh prefix to build; must hold no views and must not overlap the live prefix
   */
  public ViewRebuild(LogReader log, String redisUrl, ViewKeys home, ViewKeys target, int batchSize, Clock clock) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize=" + batchSize + " is invalid: must be at least 1");
    }
    String problem = RedisEndpoint.problem(redisUrl);
    if (problem != null) {
      throw new IllegalArgumentException("Redis URL '" + RedisEndpoint.mask(redisUrl) + "' is invalid: " + problem);
    }
    this.log = log;
    this.redisUrl = redisUrl;
    this.pointer = new ViewPointer(home);
    this.target = target;
    this.batchSize = batchSize;
    this.clock = clock;
    this.redis = RedisEndpoint.parse(redisUrl).open("view-rebuild");
  }

  /** A fresh prefix named after the home prefix and the time, e.g. {@code relay-20260115-101530:}. */
  public static ViewKeys freshPrefix(ViewKeys home, Instant now) {
    String base = home.prefix().endsWith(":") ? home.prefix().substring(0, home.prefix().length() - 1)
        : home.prefix();
    String stamp = now.toString().replaceAll("[-:]", "").replace('T', '-').substring(0, 15);
    return new ViewKeys(base + "-" + stamp + ":");
  }

  /** The live views now. */
  public ViewKeys live() {
    return pointer.resolve(redis);
  }

  /** Runs the rebuild and the switch; throws when it cannot switch, leaving the live views untouched. */
  public Summary run(Progress progress, BooleanSupplier stop) {
    Instant started = clock.instant();
    ViewKeys from = live();
    checkTarget(from);
    LOG.info("rebuilding views from {} into prefix {} (live prefix {})", log.topic(), target.prefix(),
        from.prefix());
    applier = new ViewApplier(redisUrl, target);
    List<TopicPartition> partitions = log.partitions();
    Map<TopicPartition, Long> position = log.beginningOffsets(partitions);
    for (int round = 0; round <= MAX_SWITCH_ATTEMPTS; round++) {
      Map<TopicPartition, Long> end = log.endOffsets(partitions);
      position.forEach((tp, offset) -> total += Math.max(0, end.get(tp) - offset));
      if (!readAll(position, end, progress, stop)) {
        throw new RebuildStopped(target);
      }
      position = end;
      ViewPointer.SwitchResult result = pointer.switchTo(redis, from, target);
      switch (result.outcome()) {
        case SWITCHED -> {
          Duration took = Duration.between(started, clock.instant());
          LOG.info("switched views from prefix {} to {} after {} events, {} sessions, {} catch-ups", from.prefix(),
              target.prefix(), events, sessions, round);
          return new Summary(events, sessions, took, from, target, round);
        }
        case CONFLICT -> throw new IllegalStateException("prefix " + result.detail() + " became live during the "
            + "rebuild (another rebuild?); the views under " + target.prefix() + " were not switched to");
        case BEHIND -> LOG.info("live views moved ahead while rebuilding ({}); catching up", result.detail());
      }
    }
    throw new IllegalStateException("the live views kept moving ahead; gave up switching after "
        + MAX_SWITCH_ATTEMPTS + " catch-ups");
  }

  private boolean readAll(Map<TopicPartition, Long> from, Map<TopicPartition, Long> until, Progress progress,
      BooleanSupplier stop) {
    boolean complete = log.read(from, until, record -> {
      add(record);
      if (batch.size() >= batchSize) {
        flush();
        progress.update(events, total);
      }
      return true;
    }, stop);
    flush();
    progress.update(events, total);
    return complete;
  }

  private void add(ConsumerRecord<String, byte[]> record) {
    events++;
    try {
      batch.add(LoggedEvent.of(ChatEventSerde.fromBytes(record.value()), record.partition(), record.offset()));
    } catch (SerializationException e) {
      batch.add(LoggedEvent.unreadable(record.partition(), record.offset()));
    }
  }

  private void flush() {
    if (batch.isEmpty()) {
      return;
    }
    BatchResult result = applier.apply(batch);
    for (int i = 0; i < batch.size(); i++) {
      if (result.outcomes().get(i) == Outcome.APPLIED && batch.get(i).event() instanceof SessionCreated) {
        sessions++;
      }
    }
    batch.clear();
  }

  private void checkTarget(ViewKeys live) {
    String problem = ViewKeyspace.overlap(live.prefix(), target.prefix());
    if (problem != null) {
      throw new IllegalArgumentException("prefix '" + target.prefix() + "' cannot be rebuilt: " + problem);
    }
    if (ViewKeyspace.any(redis, target)) {
      throw new IllegalArgumentException("prefix '" + target.prefix() + "' already holds views; drop them first "
          + "or choose another prefix");
    }
  }

  /** Deletes every view key under {@code keys}; refuses the live prefix. Returns the number of keys deleted. */
  public long dropViews(ViewKeys keys) {
    if (live().prefix().equals(keys.prefix())) {
      throw new IllegalArgumentException("prefix '" + keys.prefix() + "' is live; it cannot be dropped");
    }
    return ViewKeyspace.delete(redis, keys);
  }

  /** Stops a running {@link #run} from another thread (Ctrl-C); the live views stay as they are. */
  public void wakeup() {
    log.wakeup();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        if (applier != null) {
          applier.close();
        }
      } finally {
        redis.close();
      }
    }
  }

  /** The rebuild was stopped before it switched: the live views are untouched, the new prefix is incomplete. */
  public static final class RebuildStopped extends RuntimeException {

    private final transient ViewKeys target;

    public RebuildStopped(ViewKeys target) {
      super("rebuild stopped before switching; the incomplete views under " + target.prefix() + " are unused");
      this.target = target;
    }

    /** The prefix that was being built. */
    public ViewKeys target() {
      return target;
    }
  }
}
