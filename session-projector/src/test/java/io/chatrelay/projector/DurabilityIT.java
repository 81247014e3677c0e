package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.Topics;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith({RelayInfraExtension.class, ProjectorFixture.PerTest.class})
class DurabilityIT {

  private final TestEvents events = new TestEvents();

  @Test
  void shouldWriteViewsToRedisBeforeCommittingOffsets(ProjectorFixture fixture) throws Exception {
    String prefix = fixture.infra.uniqueName("views") + ":";
    String applicationId = fixture.infra.uniqueName("projector");
    Map<String, String> env = fixture.env(prefix, applicationId);
    // Only commits flush now: no full batches and no timed flushes, so a commit that skipped Redis would show.
    env.put("PROJECTOR_BATCH_SIZE", "100000");
    env.put("PROJECTOR_FLUSH_INTERVAL_MS", "600000");
    env.put("PROJECTOR_COMMIT_INTERVAL_MS", "100");
    String user = "user-" + UUID.randomUUID();
    List<String> sessions = new ArrayList<>();
    try (SessionProjector projector = new SessionProjector(ProjectorConfig.fromEnv(env))) {
      for (int s = 0; s < 20; s++) {
        String session = UUID.randomUUID().toString();
        sessions.add(session);
        fixture.log.send(events.created(session, user));
        for (int m = 0; m < 5; m++) {
          fixture.log.send(events.message(session, user, "message " + m));
          assertCommittedWithinPositions(fixture, applicationId, prefix);
        }
      }
      fixture.awaitCaughtUp(applicationId);
      assertCommittedWithinPositions(fixture, applicationId, prefix);
    }
    ViewKeys keys = new ViewKeys(prefix);
    for (String session : sessions) {
      assertThat(fixture.redis.zcard(keys.messages(session))).as("messages of %s", session).isEqualTo(5);
    }
  }

  private static void assertCommittedWithinPositions(ProjectorFixture fixture, String applicationId, String prefix)
      throws Exception {
    // Committed offsets are read first: positions only grow, so reading them later cannot hide a violation.
    Map<TopicPartition, Long> committed = fixture.committed(applicationId);
    Map<Integer, Long> positions = fixture.positions(prefix).now();
    committed.forEach((tp, offset) -> assertThat(positions.getOrDefault(tp.partition(), 0L))
        .as("position of %s", tp).isGreaterThanOrEqualTo(offset));
  }

  private static double metric(SessionProjector projector, String name) throws Exception {
    String metrics = OpsClient.get(projector.opsPort(), "/metrics").body();
    return metrics.lines().filter(line -> line.startsWith(name))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void shouldCatchUpWhenRedisComesBackAfterAnOutage(ProjectorFixture fixture) throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "redis-outage");
    try (EmbeddedRedis redis = EmbeddedRedis.start(dataDir, 0);
         RedisClient client = RedisClient.create(URI.create(redis.url()))) {
      String prefix = fixture.infra.uniqueName("views") + ":";
      Map<String, String> env = fixture.env(prefix, fixture.infra.uniqueName("projector"));
      env.put("REDIS_URL", redis.url());
      String session = UUID.randomUUID().toString();
      String user = "user-" + UUID.randomUUID();
      ViewKeys keys = new ViewKeys(prefix);
      try (SessionProjector projector = new SessionProjector(ProjectorConfig.fromEnv(env))) {
        fixture.log.send(events.created(session, user));
        RecordMetadata before = fixture.log.send(events.message(session, user, "before the outage"));
        await().atMost(ProjectorFixture.WAIT).ignoreExceptions()
            .until(() -> client.zcard(keys.messages(session)) == 1);
        assertThat(before.topic()).isEqualTo(Topics.CHAT_MESSAGES.name());

        redis.stop();
        await().atMost(ProjectorFixture.WAIT).until(() -> !projector.ready().up());
        fixture.log.send(events.message(session, user, "during the outage"));
        // A commit is now held back until Redis takes the batch.
        await().atMost(ProjectorFixture.WAIT).until(() -> metric(projector, "projector_redis_waiting") >= 1);
        redis.restart();

        await().atMost(ProjectorFixture.WAIT).ignoreExceptions()
            .until(() -> client.zcard(keys.messages(session)) == 2);
        await().atMost(ProjectorFixture.WAIT).until(() -> projector.ready().up());
        assertThat(client.hget(keys.session(session), "messageCount")).isEqualTo("2");
        assertThat(metric(projector, "projector_redis_waiting")).isZero();
        assertThat(metric(projector, "projector_stream_threads_replaced_total")).isZero();
      }
    }
  }

  @Test
  void shouldReplayTheLogIntoARedisThatCameBackEmpty(ProjectorFixture fixture) throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
      String prefix = fixture.infra.uniqueName("views") + ":";
      Map<String, String> env = fixture.env(prefix, fixture.infra.uniqueName("projector"));
      env.put("REDIS_URL", redis.url());
      String session = UUID.randomUUID().toString();
      String user = "user-" + UUID.randomUUID();
      ViewKeys keys = new ViewKeys(prefix);
      try (SessionProjector projector = new SessionProjector(ProjectorConfig.fromEnv(env))) {
        fixture.log.send(events.created(session, user));
        fixture.log.send(events.message(session, user, "before Redis was lost"));
        try (RedisClient client = RedisClient.create(URI.create(redis.url()))) {
          await().atMost(ProjectorFixture.WAIT).ignoreExceptions()
              .until(() -> client.zcard(keys.messages(session)) == 1);
        }

        // No persistence: the server comes back with nothing, while Kafka's offsets say all of it was applied.
        redis.kill();
        redis.restart();

        try (RedisClient client = RedisClient.create(URI.create(redis.url()))) {
          await().atMost(ProjectorFixture.WAIT).ignoreExceptions()
              .until(() -> client.zcard(keys.messages(session)) == 1);
          assertThat(client.hget(keys.session(session), "messageCount")).isEqualTo("1");
          assertThat(client.zrange(keys.userSessions(user), 0, -1)).containsExactly(session);
          fixture.log.send(events.message(session, user, "after"));
          await().atMost(ProjectorFixture.WAIT).ignoreExceptions()
              .until(() -> client.zcard(keys.messages(session)) == 2);
        }
        assertThat(metric(projector, "projector_views_recoveries_total")).isPositive();
      }
    }
  }

  @Test
  void shouldStopCleanlyWhileWaitingForRedis(ProjectorFixture fixture) throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
      String prefix = fixture.infra.uniqueName("views") + ":";
      Map<String, String> env = fixture.env(prefix, fixture.infra.uniqueName("projector"));
      env.put("REDIS_URL", redis.url());
      SessionProjector projector = new SessionProjector(ProjectorConfig.fromEnv(env));
      try {
        await().atMost(ProjectorFixture.WAIT).until(() -> projector.ready().up());
        redis.stop();
        fixture.log.send(events.created(UUID.randomUUID().toString(), "user-" + UUID.randomUUID()));
        await().atMost(ProjectorFixture.WAIT).until(() -> metric(projector, "projector_redis_waiting") >= 1);
      } finally {
        projector.close();
      }

      assertThat(projector.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }
  }
}
