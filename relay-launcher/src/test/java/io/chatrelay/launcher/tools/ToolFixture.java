package io.chatrelay.launcher.tools;

import io.chatrelay.infra.junit.FixtureResolver;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.kit.Closer;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.projector.SessionProjector;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.testing.EventLog;
import io.chatrelay.testing.ViewPositions;
import io.chatrelay.testing.ViewSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import redis.clients.jedis.RedisClient;

/** The log, Redis and a projector for the replay tools' tests, and a way to run a tool and see what it printed. */
final class ToolFixture implements AutoCloseable {

  static final int PARTITIONS = 3;
  static final Duration WAIT = ViewPositions.WAIT;

  final RelayInfra infra;
  final EventLog log;
  final RedisClient redis;
  private final Closer closer = new Closer();

  ToolFixture(RelayInfra infra) {
    this.infra = infra;
    try (Admin admin = Admin.create(KafkaSettings.of(infra.bootstrapServers()).admin("tools-it-admin"))) {
      TopicBootstrap.ensureChatMessages(admin, PARTITIONS, WAIT);
    }
    log = closer.register(EventLog.chatMessages(infra.bootstrapServers()));
    redis = closer.register(RedisClient.create(URI.create(infra.redisUrl())));
  }

  /** Gives each test that asks for one its own fixture, closed when the test ends. */
  static final class PerTest extends FixtureResolver<ToolFixture> {
    PerTest() {
      super(ToolFixture.class, ToolFixture::new);
    }
  }

  /** What a tool printed and the status it ended with. */
  record Run(int status, String out, String err) {}

  Run run(Object command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    if (command instanceof HistoryCommand h) {
      h.printTo(outStream, errStream);
    } else if (command instanceof ExportCommand e) {
      e.printTo(outStream, errStream);
    } else if (command instanceof RebuildViewsCommand r) {
      r.printTo(outStream, errStream);
    } else if (command instanceof RetentionCommand r) {
      r.printTo(outStream, errStream);
    } else if (command instanceof CopyLogCommand c) {
      c.printTo(outStream, errStream);
    }
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap-server=" + infra.bootstrapServers());
    if (!(command instanceof RetentionCommand) && !(command instanceof ExportCommand)
        && !(command instanceof CopyLogCommand)) {
      all.add("--redis-url=" + infra.redisUrl());
    }
    int status = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
        .execute(all.toArray(String[]::new));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  SessionProjector projector(String homePrefix) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    env.put("CHAT_MESSAGES_PARTITIONS", Integer.toString(PARTITIONS));
    env.put("REDIS_URL", infra.redisUrl());
    env.put("VIEW_PREFIX", homePrefix);
    env.put("PROJECTOR_APPLICATION_ID", infra.uniqueName("projector"));
    env.put("PROJECTOR_OPS_PORT", "0");
    env.put("PROJECTOR_OPS_HOST", "127.0.0.1");
    env.put("PROJECTOR_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "streams").toString());
    env.put("PROJECTOR_COMMIT_INTERVAL_MS", "200");
    return closer.register(new SessionProjector(ProjectorConfig.fromEnv(env)));
  }

  /** How far the views under {@code prefix} have applied the log. */
  ViewPositions positions(String prefix) {
    return new ViewPositions(redis, prefix);
  }

  /**
   * Waits until the views under {@code prefix} include the whole log as it is now, in every partition: other tests
   * of this JVM wrote to the same topic, and a rebuild reads all of it.
   */
  void awaitAllApplied(String prefix) {
    positions(prefix).awaitCovering(ChatLogTail.endOffsets(infra.bootstrapServers()));
  }

  /** Every key under a prefix with its full contents, keyed without the prefix. */
  Map<String, String> snapshot(String prefix) {
    return ViewSnapshot.of(redis, prefix);
  }

  @Override
  public void close() {
    closer.close();
  }
}
