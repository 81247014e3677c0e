package io.chatrelay.launcher.tools;

import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.projector.SessionProjector;
import io.chatrelay.testing.ViewSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import redis.clients.jedis.RedisClient;

/** The log, Redis and a projector for the replay tools' tests, and a way to run a tool and see what it printed. */
final class ToolFixture implements AutoCloseable {

  static final int PARTITIONS = 3;
  static final Duration WAIT = Duration.ofSeconds(30);

  final RelayInfra infra;
  final RedisClient redis;
  private final KafkaProducer<String, ChatEvent> producer;
  private final List<AutoCloseable> owned = new ArrayList<>();

  ToolFixture(RelayInfra infra) {
    this.infra = infra;
    KafkaSettings kafka = KafkaSettings.of(infra.bootstrapServers());
    try (Admin admin = Admin.create(kafka.admin("tools-it-admin"))) {
      TopicBootstrap.ensureChatMessages(admin, PARTITIONS, WAIT);
    }
    producer = new KafkaProducer<>(kafka.reliableProducer("tools-it"), new StringSerializer(),
        Topics.CHAT_MESSAGES.valueSerde().serializer());
    redis = RedisClient.create(URI.create(infra.redisUrl()));
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
    }
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap-server=" + infra.bootstrapServers());
    if (!(command instanceof RetentionCommand) && !(command instanceof ExportCommand)) {
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
    SessionProjector projector = new SessionProjector(ProjectorConfig.fromEnv(env));
    owned.add(projector);
    return projector;
  }

  RecordMetadata send(ChatEvent event) {
    return get(producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), event.sessionId(), event)));
  }

  /** Sends with the record timestamp equal to the event's time, as a writer at that time would have. */
  RecordMetadata sendAsWritten(ChatEvent event) {
    return get(producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), null,
        event.occurredAt().toEpochMilli(), event.sessionId(), event)));
  }

  static SessionCreated created(String session, String user, Instant at, AgentType type) {
    return SessionCreated.of(session, user, at, new SessionMetadata(type, "it-browser", "10.0.0.9"));
  }

  static UserMessage message(String session, String user, Instant at, String content, AgentType type) {
    return UserMessage.of(session, user, at, null, content, Map.of(), type);
  }

  static AgentReply reply(UserMessage question, Instant at, String content) {
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, question.sessionId(), question.userId(), at,
        question.eventId(), "agent-1", content, new AgentMetadata(question.agentType(), 0.5, 20L));
  }

  /** Waits until the views under {@code prefix} include the record at {@code at}. */
  void awaitApplied(String prefix, RecordMetadata at) {
    await().atMost(WAIT).until(() -> {
      String next = redis.hget(prefix + "positions", Integer.toString(at.partition()));
      return next != null && Long.parseLong(next) > at.offset();
    });
  }

  /**
   * Waits until the views under {@code prefix} include the whole log as it is now, in every partition: other tests
   * of this JVM wrote to the same topic, and a rebuild reads all of it.
   */
  void awaitAllApplied(String prefix) {
    Map<TopicPartition, Long> ends;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        KafkaSettings.of(infra.bootstrapServers()).consumer("tools-it-ends", null), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      ends = consumer.endOffsets(consumer.partitionsFor(Topics.CHAT_MESSAGES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
    }
    await().atMost(WAIT).until(() -> ends.entrySet().stream().filter(e -> e.getValue() > 0).allMatch(e -> {
      String next = redis.hget(prefix + "positions", Integer.toString(e.getKey().partition()));
      return next != null && Long.parseLong(next) >= e.getValue();
    }));
  }

  /** Every key under a prefix with its full contents, keyed without the prefix. */
  Map<String, String> snapshot(String prefix) {
    return ViewSnapshot.of(redis, prefix);
  }

  private static RecordMetadata get(Future<RecordMetadata> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("send failed", e.getCause());
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
    producer.close();
    redis.close();
  }
}
