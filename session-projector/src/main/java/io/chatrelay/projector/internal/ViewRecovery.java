package io.chatrelay.projector.internal;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisEndpoint;
import io.chatrelay.views.redis.RedisNodes;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.LoggedEvent;
import io.chatrelay.views.redis.ViewApplier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Notices that Redis lost the views of a partition and rebuilds them from the log.
 *
 * <p>Why: the committed offsets live in Kafka and the views in Redis. A Redis that restarts empty (no persistence,
 * a lost disk, a failover to an empty replica, a FLUSHALL) keeps the offsets meaningful but drops everything they
 * stand for: the projector would go on applying new events to sessions that no longer exist, and those sessions
 * would stay missing for good. So the views carry a marker, a hash {@code <VIEW_PREFIX>views-complete{<tag>}} with one
 * field per partition, set when a replay of that partition from the start of the log begins. There is one marker per
 * shard: on Redis Cluster each master holds one (its tag is chosen to land in the master's slots), since a master
 * that restarts empty, or fails over to a replica that had nothing, loses only its own share of every partition's
 * sessions. A master found without its marker (one that lost its data, or one that newly took slots over) makes every
 * partition replay: only work, never wrong.
 *
 * <p>A failover loses less, but silently: Redis replicates asynchronously, so the writes a master acknowledged just
 * before it died may never have reached the replica that takes its place. On a cluster or behind Sentinel the marker
 * therefore also records the master's replication id ({@code complete <time> <replid>}); a promoted replica has a new
 * one, and the mismatch makes every partition replay as well. On a single server the id is not checked: it changes
 * on restarts, which the marker already covers. Whatever empties Redis
 * removes the marker with the views; a task that finds its partition's field missing replays the partition from the
 * start to its current end into the live views. Applying an event twice changes nothing, so replaying over views
 * that were in fact intact (the first start of this version) is harmless, only work.
 *
 * <p>The field says {@code replaying <token>} while a replay runs and becomes {@code complete <time>} only if it
 * still holds that token at the end: a Redis emptied during the replay takes the field with it, and a projector that
 * dies midway leaves {@code replaying}, so either way the next check replays again rather than trusting views lost
 * midway. The marker lives under the home prefix, not the live one: a rebuild into a fresh prefix (which switches
 * the live prefix) does not lose anything.
 */
public final class ViewRecovery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ViewRecovery.class);
  /**
   * The marker's key under the view prefix: the projector's bookkeeping of how far a replay of each partition has
   * come, not a view, so two projectors at the same views may differ there for a moment.
   */
  public static final String MARKER = "views-complete";
  private static final String COMPLETE = "complete ";
  private static final String REPLAYING = "replaying ";
  private static final String COMPLETE_IF_OURS = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
      + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 else return 0 end";

  private final UnifiedJedis redis;
  private final String markerPrefix;
  private final boolean failovers;
  private final ViewApplier applier;
  private final KafkaSettings kafka;
  private final int batchSize;
  private final Clock clock;

  /**
   * @param home the configured view prefix; the marker lives under it
   * @param applier the live writer, which the replay goes through
   */
  public ViewRecovery(String redisUrl, ViewKeys home, ViewApplier applier, KafkaSettings kafka, int batchSize,
      Clock clock) {
    RedisEndpoint endpoint = RedisEndpoint.parse(redisUrl);
    this.redis = endpoint.open("projector-recovery");
    this.failovers = endpoint.kind() != RedisEndpoint.Kind.STANDALONE;
    this.markerPrefix = home.prefix() + MARKER;
    this.applier = applier;
    this.kafka = kafka;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** True when the views of {@code partition} are known to hold its whole log. Throws when Redis is away. */
  public boolean intact(int partition) {
    String field = Integer.toString(partition);
    for (RedisNodes.Shard shard : RedisNodes.shards(redis)) {
      String value = redis.hget(markerKey(shard), field);
      if (value == null || !value.startsWith(COMPLETE)) {
        return false;
      }
      if (failovers && !value.endsWith(" " + RedisNodes.replicationId(redis, shard.tag()))) {
        LOG.warn("views of partition {}: the master holding {} is not the one that completed them (failover); "
            + "writes it had not replicated may be lost", partition, shard.tag());
        return false;
      }
    }
    return true;
  }

  private String markerKey(RedisNodes.Shard shard) {
    return markerPrefix + "{" + shard.tag() + "}";
  }

  /**
   * Replays {@code partition} from the start of the log to its current end into the live views. Returns the number
   * of records applied; throws when Kafka or Redis fail (the partition then stays not complete, so the next check
   * retries).
   */
  public long recover(int partition, BooleanSupplier stop) {
    String field = Integer.toString(partition);
    TopicPartition tp = new TopicPartition(Topics.CHAT_MESSAGES.name(), partition);
    long started = System.nanoTime();
    String replaying = REPLAYING + java.util.UUID.randomUUID();
    List<RedisNodes.Shard> shards = RedisNodes.shards(redis);
    shards.forEach(shard -> redis.hset(markerKey(shard), field, replaying));
    try (LogReader log = new LogReader(kafka, "projector-recovery-" + partition)) {
      Map<TopicPartition, Long> from = log.beginningOffsets(List.of(tp));
      Map<TopicPartition, Long> until = log.endOffsets(List.of(tp));
      LOG.warn("views of {} are not known to be complete (Redis lost them, or this is their first start); "
          + "replaying {} to {}", tp, from.get(tp), until.get(tp));
      List<LoggedEvent> batch = new ArrayList<>();
      long[] applied = {0};
      boolean complete = log.read(from, until, record -> {
        batch.add(read(record.value(), record.partition(), record.offset()));
        if (batch.size() >= batchSize) {
          applier.apply(batch);
          applied[0] += batch.size();
          batch.clear();
        }
        return true;
      }, stop);
      if (!batch.isEmpty()) {
        applier.apply(batch);
        applied[0] += batch.size();
      }
      if (!complete) {
        throw new IllegalStateException("replay of " + tp + " stopped before its end");
      }
      for (RedisNodes.Shard shard : shards) {
        // The id is read before the marker is written: a failover in between leaves an old id, so the next check
        // replays again rather than trusting writes the new master may lack.
        String done = COMPLETE + clock.instant() + " " + RedisNodes.replicationId(redis, shard.tag());
        Object marked = redis.eval(COMPLETE_IF_OURS, List.of(markerKey(shard)), List.of(field, replaying, done));
        if (!Long.valueOf(1).equals(marked)) {
          throw new IllegalStateException("Redis lost the views of " + tp + " again during their replay ("
              + shard.tag() + ")");
        }
      }
      LOG.warn("views of {} rebuilt from the log: {} records in {} ms", tp, applied[0],
          (System.nanoTime() - started) / 1_000_000);
      return applied[0];
    }
  }

  private static LoggedEvent read(byte[] value, int partition, long offset) {
    try {
      return LoggedEvent.of(ChatEventSerde.fromBytes(value), partition, offset);
    } catch (SerializationException e) {
      return LoggedEvent.unreadable(partition, offset);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
