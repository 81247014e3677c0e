package io.chatrelay.projector;

import static org.awaitility.Awaitility.await;

import io.chatrelay.events.Topics;
import io.chatrelay.infra.junit.FixtureResolver;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.kit.Closer;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.testing.EventLog;
import io.chatrelay.testing.ViewPositions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import redis.clients.jedis.RedisClient;

/** Real clients for the projector's integration tests: chat-messages, Redis, the admin, and projectors over them. */
final class ProjectorFixture implements AutoCloseable {

  static final int PARTITIONS = 3;
  static final Duration WAIT = ViewPositions.WAIT;

  final RelayInfra infra;
  final Admin admin;
  final EventLog log;
  final RedisClient redis;
  private final Closer closer = new Closer();

  ProjectorFixture(RelayInfra infra) {
    this.infra = infra;
    this.admin = closer.register(Admin.create(KafkaSettings.of(infra.bootstrapServers()).admin("projector-it-admin")));
    TopicBootstrap.ensureChatMessages(admin, PARTITIONS, WAIT);
    this.log = closer.register(EventLog.chatMessages(infra.bootstrapServers()));
    this.redis = closer.register(RedisClient.create(URI.create(infra.redisUrl())));
  }

  /** Gives each test that asks for one its own fixture, closed when the test ends. */
  static final class PerTest extends FixtureResolver<ProjectorFixture> {
    PerTest() {
      super(ProjectorFixture.class, ProjectorFixture::new);
    }
  }

  Map<String, String> env(String prefix, String applicationId) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    env.put("CHAT_MESSAGES_PARTITIONS", Integer.toString(PARTITIONS));
    env.put("REDIS_URL", infra.redisUrl());
    env.put("VIEW_PREFIX", prefix);
    env.put("PROJECTOR_APPLICATION_ID", applicationId);
    env.put("PROJECTOR_OPS_PORT", "0");
    env.put("PROJECTOR_OPS_HOST", "127.0.0.1");
    env.put("PROJECTOR_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "streams").toString());
    env.put("PROJECTOR_COMMIT_INTERVAL_MS", "200");
    return env;
  }

  SessionProjector start(String prefix, String applicationId) {
    return new SessionProjector(ProjectorConfig.fromEnv(env(prefix, applicationId)));
  }

  /** How far the views under {@code prefix} have applied the log. */
  ViewPositions positions(String prefix) {
    return new ViewPositions(redis, prefix);
  }

  Map<TopicPartition, Long> committed(String applicationId) throws ExecutionException, InterruptedException {
    Map<TopicPartition, Long> out = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    offsets.forEach((tp, meta) -> {
      if (meta != null) {
        out.put(tp, meta.offset());
      }
    });
    return out;
  }

  /** Waits until the application has committed the whole log as it is now, i.e. has applied all of it. */
  void awaitCaughtUp(String applicationId) {
    Map<Integer, Long> ends = ChatLogTail.endOffsets(infra.bootstrapServers());
    await().atMost(WAIT).until(() -> {
      Map<TopicPartition, Long> committed = committed(applicationId);
      return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
          || committed.getOrDefault(new TopicPartition(Topics.CHAT_MESSAGES.name(), e.getKey()), -1L) >= e.getValue());
    });
  }

  @Override
  public void close() {
    closer.close();
  }
}
