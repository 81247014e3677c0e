package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.RedisCluster;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.internal.ViewKeyspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The views on a real Redis Cluster of three masters: every event's script, the users' indexes, the positions and
 * their sharded announcement, a prefix switch, and a scan that must reach every master. On one server none of this
 * can fail; on a cluster a script naming keys of two slots fails with CROSSSLOT, and a scan of one node misses the
 * keys of the others.
 */
class ViewsOnRedisClusterIT {

  private static final Instant AT = Instant.parse("2026-02-02T09:00:00Z");
  private static final int SESSIONS = 40;

  @TempDir
  static Path dir;
  private static RedisCluster cluster;
  private static UnifiedJedis redis;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start(dir, 3, 0, Duration.ofSeconds(2));
    redis = RedisEndpoint.parse(cluster.url()).open("views-cluster-it");
  }

  @AfterAll
  static void stopCluster() {
    if (redis != null) {
      redis.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<LoggedEvent> conversations(List<String> sessions, String user, long firstOffset) {
    List<LoggedEvent> events = new ArrayList<>();
    long offset = firstOffset;
    for (String session : sessions) {
      events.add(LoggedEvent.of(SessionCreated.of(session, user, AT, new SessionMetadata(AgentType.BankRep, null,
          null)), 0, offset++));
      events.add(LoggedEvent.of(UserMessage.of(session, user, AT.plusSeconds(1), null, "hello " + session, Map.of()),
          0, offset++));
    }
    return events;
  }

  private static List<String> sessions(int n) {
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sessions.add(UUID.randomUUID().toString());
    }
    return sessions;
  }

  @Test
  void shouldApplyEveryEventOnTheNodeOfItsSessionAndKeepTheUsersIndexAcrossNodes() {
    ViewKeys keys = new ViewKeys("cluster-" + UUID.randomUUID().toString().substring(0, 6) + ":");
    List<String> sessions = sessions(SESSIONS);
    Set<Integer> masters = new HashSet<>();
    sessions.forEach(s -> masters.add(cluster.masterOf(keys.session(s))));
    assertThat(masters).as("the sessions are spread over every master").hasSize(3);

    try (ViewApplier applier = new ViewApplier(cluster.url(), keys)) {
      BatchResult result = applier.apply(conversations(sessions, "alice", 0));

      assertThat(result.outcomes()).hasSize(2 * SESSIONS).containsOnly(Outcome.APPLIED);
      for (String session : sessions) {
        assertThat(redis.hget(keys.session(session), "messageCount")).isEqualTo("1");
        assertThat(redis.zcard(keys.messages(session))).isEqualTo(1);
      }
      assertThat(redis.zrange(keys.userSessions("alice"), 0, -1)).containsExactlyInAnyOrderElementsOf(sessions);
      assertThat(redis.hgetAll(keys.positions())).containsEntry("0", Long.toString(2 * SESSIONS));

      // Losing the index entry (say, the batch's index write never landed) is repaired by the replay of the batch.
      redis.zrem(keys.userSessions("alice"), sessions.get(0));
      assertThat(applier.apply(conversations(sessions, "alice", 0)).outcomes()).containsOnly(Outcome.DUPLICATE);
      assertThat(redis.zrange(keys.userSessions("alice"), 0, -1)).contains(sessions.get(0));

      // A deleted session leaves the index, and replaying its older events does not bring it back.
      applier.apply(List.of(LoggedEvent.of(SessionDeleted.of(sessions.get(1), "alice", AT.plusSeconds(5)), 0,
          2L * SESSIONS)));
      assertThat(applier.apply(conversations(sessions, "alice", 0)).outcomes()).containsOnly(Outcome.DUPLICATE);
      assertThat(redis.zrange(keys.userSessions("alice"), 0, -1)).doesNotContain(sessions.get(1))
          .hasSize(SESSIONS - 1);
      assertThat(redis.hget(keys.session(sessions.get(1)), "status")).isEqualTo("deleted");

      // Keys of every master, found and dropped by scanning each of them.
      assertThat(ViewKeyspace.any(redis, keys)).isTrue();
      long deleted = ViewKeyspace.delete(redis, keys);
      assertThat(deleted).as("two keys per session, a tombstone, the index, the positions")
          .isEqualTo(2L * SESSIONS - 1 + 1 + 1);
      assertThat(ViewKeyspace.any(redis, keys)).isFalse();
    }
  }

  @Test
  void shouldAnnounceThePositionsOnTheirShardAfterTheBatchIsWritten() {
    ViewKeys keys = new ViewKeys("announce-" + UUID.randomUUID().toString().substring(0, 6) + ":");
    List<String> heard = new CopyOnWriteArrayList<>();
    JedisShardedPubSub listener = new JedisShardedPubSub() {
      @Override
      public void onSMessage(String channel, String message) {
        heard.add(message);
      }
    };
    Thread subscriber = new Thread(() -> ((RedisClusterClient) redis).ssubscribe(listener, keys.positions()));
    subscriber.setDaemon(true);
    subscriber.start();
    await().atMost(Duration.ofSeconds(10)).until(listener::isSubscribed);

    try (ViewApplier applier = new ViewApplier(cluster.url(), keys)) {
      applier.apply(conversations(sessions(3), "bob", 10));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
    assertThat(heard).containsExactly("0:16");
    listener.sunsubscribe();
  }

  @Test
  void shouldSwitchTheLiveWriterToARebuiltPrefixOnACluster() {
    ViewKeys home = new ViewKeys("home-" + UUID.randomUUID().toString().substring(0, 6) + ":");
    ViewKeys fresh = new ViewKeys("fresh-" + UUID.randomUUID().toString().substring(0, 6) + ":");
    List<String> sessions = sessions(5);
    List<LoggedEvent> history = conversations(sessions, "carol", 0);
    ViewPointer pointer = new ViewPointer(home);

    try (ViewApplier live = ViewApplier.following(cluster.url(), home);
        ViewApplier rebuilt = new ViewApplier(cluster.url(), fresh)) {
      live.apply(history);
      rebuilt.apply(history);
      assertThat(pointer.switchTo(redis, home, fresh).outcome()).isEqualTo(ViewPointer.Switch.SWITCHED);

      String later = sessions.get(0);
      live.apply(List.of(LoggedEvent.of(UserMessage.of(later, "carol", AT.plusSeconds(9), null, "again", Map.of()),
          0, history.size())));

      assertThat(live.keys()).isEqualTo(fresh);
      assertThat(redis.zcard(fresh.messages(later))).isEqualTo(2);
      assertThat(redis.hget(fresh.positions(), "0")).isEqualTo(Long.toString(history.size() + 1));
      assertThat(redis.hget(home.positions(), "0")).isEqualTo(Long.toString(history.size()));
    }
  }
}
