package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.RedisSentinelGroup;
import io.chatrelay.views.ViewKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The views behind Sentinel ({@code redis-sentinel://}): written to the master the Sentinel names, and, once the
 * master is SIGKILLed and the Sentinel has promoted its replica, to the new master, with the same client.
 */
class ViewsBehindSentinelIT {

  private static final Instant AT = Instant.parse("2026-03-03T08:00:00Z");

  @Test
  void shouldWriteToTheMasterTheSentinelNamesBeforeAndAfterAFailover(@TempDir Path dir) {
    ViewKeys keys = new ViewKeys("sentinel-" + UUID.randomUUID().toString().substring(0, 6) + ":");
    String before = UUID.randomUUID().toString();
    String after = UUID.randomUUID().toString();
    try (RedisSentinelGroup group = RedisSentinelGroup.start(dir, Duration.ofSeconds(1));
        ViewApplier applier = ViewApplier.following(group.url(), keys)) {
      assertThat(applier.apply(conversation(before, 0)).outcomes()).containsOnly(Outcome.APPLIED);
      try (Jedis master = new Jedis("127.0.0.1", group.masterPort())) {
        assertThat(master.zcard(keys.messages(before))).isEqualTo(1);
      }

      group.killMaster();
      group.awaitFailover(Duration.ofSeconds(30));
      // Until the client has heard of the switch, writes fail; the projector retries a batch the same way.
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> applier.apply(conversation(after, 2)).outcomes().contains(Outcome.APPLIED));

      try (Jedis promoted = new Jedis("127.0.0.1", group.replicaPort())) {
        assertThat(promoted.zcard(keys.messages(after))).as("written to the new master").isEqualTo(1);
        assertThat(promoted.zcard(keys.messages(before))).as("replicated before the kill").isEqualTo(1);
        assertThat(promoted.hget(keys.positions(), "0")).isEqualTo("4");
      }
    }
  }

  private static List<LoggedEvent> conversation(String session, long offset) {
    return List.of(
        LoggedEvent.of(SessionCreated.of(session, "dora", AT, new SessionMetadata(AgentType.BankRep, null, null)), 0,
            offset),
        LoggedEvent.of(UserMessage.of(session, "dora", AT.plusSeconds(1), null, "hi", Map.of()), 0, offset + 1));
  }
}
