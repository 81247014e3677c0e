package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.connector.AgentConnector;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.EmbeddedKafka;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.JvmExit;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.launcher.testing.DevProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector that may no longer write {@code chat-messages}, or read it (its ACLs withdrawn, as an operator's
 * mistake or a revoked credential would do), cannot answer anyone. It must stop and say so, {@code /health/live} down and
 * {@code ./relay connector} exiting non-zero, so that its supervisor restarts it or pages someone, instead of
 * staying up and ready while every answer is dropped. The broker here enforces ACLs; the agent takes three seconds
 * to answer, long enough to withdraw the right after the question was read. An edge that may no longer read the log
 * would leave every browser socket it holds without replies: it says so the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FatalKafkaErrorIT {

  private static final Duration AGENT_LATENCY = Duration.ofSeconds(3);
  private static final ResourcePattern LOG = new ResourcePattern(ResourceType.TOPIC, Topics.CHAT_MESSAGES.name(),
      PatternType.LITERAL);
  /** Reading stays allowed (once a topic has ACLs, whatever they do not allow is denied), writing is not. */
  private static final List<AclBinding> READ_ONLY = List.of(entry(AclOperation.READ, AclPermissionType.ALLOW),
      entry(AclOperation.DESCRIBE, AclPermissionType.ALLOW), entry(AclOperation.WRITE, AclPermissionType.DENY));
  private static final List<AclBinding> NO_ACCESS = List.of(entry(AclOperation.ALL, AclPermissionType.DENY));

  private final HttpClient http = HttpClient.newHttpClient();
  private EmbeddedKafka kafka;
  private DemoAgent agent;
  private EmbeddedRedis redis;
  private Admin admin;

  @BeforeAll
  void start(@TempDir Path dir) {
    // Everyone may do anything, until an ACL says otherwise.
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, JvmExit.CALLER_CLOSES, Map.of(
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found", "true"));
    agent = DemoAgent.start(new DemoAgentConfig(0, AGENT_LATENCY, Duration.ZERO, 0.0, 7L), Clock.systemUTC());
    admin = Admin.create(KafkaSettings.of(kafka.bootstrapServers()).admin("fatal-it-admin"));
    redis = EmbeddedRedis.start(0);
  }

  @AfterEach
  void allowWritesAgain() throws Exception {
    admin.deleteAcls(List.of(new AclBindingFilter(LOG.toFilter(), AccessControlEntryFilter.ANY))).all()
        .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    admin.close();
    redis.stop();
    agent.close();
    kafka.close();
  }

  @Test
  void shouldExitNonZeroFromRelayConnectorWhenItMayNoLongerWriteTheLog(@TempDir Path dir) throws Exception {
    int opsPort = freePort();
    Map<String, String> env = connectorEnv("fatal-child");
    env.put("CONNECTOR_OPS_PORT", Integer.toString(opsPort));
    try (DevProcess connector = DevProcess.start(dir.resolve("connector.log"),
        Files.createDirectories(dir.resolve("tmp")), env, "connector")) {
      await("connector ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .ignoreExceptions().until(() -> status(opsPort, "/health/ready") == 200);

      askAndThenSet(READ_ONLY);
      long withdrawn = System.nanoTime();
      int exit = connector.awaitExit(Duration.ofSeconds(60));
      long exitedMillis = (System.nanoTime() - withdrawn) / 1_000_000;

      assertThat(exit).as("exit code of relay connector").isEqualTo(1);
      assertThat(connector.output()).contains("cannot publish", "TopicAuthorizationException",
          "stopped by a fatal error; exiting");
      System.out.printf("FIGURE 26-fatal-connector: relay connector exited with %d %d ms after its right to write "
          + "chat-messages was withdrawn (the agent answers after %d ms)%n", exit, exitedMillis,
          AGENT_LATENCY.toMillis());
    }
  }

  @Test
  void shouldTurnLivenessDownWhenItMayNoLongerReadTheLog() throws Exception {
    Map<String, String> env = connectorEnv("fatal-in-process");
    env.put("CONNECTOR_OPS_PORT", "0");
    try (AgentConnector connector = AgentConnector.start(ConnectorConfig.fromEnv(env))) {
      await("connector ready").atMost(Duration.ofSeconds(60))
          .until(() -> connector.readiness().up());
      assertThat(status(connector.opsPort(), "/health/live")).isEqualTo(200);

      askAndThenSet(NO_ACCESS);
      Throwable cause = connector.fatalFailure().toCompletableFuture().get(60, TimeUnit.SECONDS);

      assertThat(cause).isInstanceOf(TopicAuthorizationException.class);
      assertThat(status(connector.opsPort(), "/health/live")).isEqualTo(503);
      assertThat(body(connector.opsPort(), "/health/live")).contains("stopped by a fatal Kafka error")
          .doesNotContain("TopicAuthorizationException");
    }
  }

  @Test
  void shouldTurnTheEdgesLivenessDownWhenItMayNoLongerReadTheLog() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("REDIS_URL", redis.url());
    env.put("RELAY_MODE", "dev");
    env.put("HTTP_PORT", "0");
    env.put("EDGE_OPS_PORT", "0");
    try (EdgeService edge = new EdgeService(EdgeConfig.fromEnv(env), Clock.systemUTC())) {
      assertThat(status(edge.opsPort(), "/health/live")).isEqualTo(200);

      admin.createAcls(List.of(entry(AclOperation.DESCRIBE, AclPermissionType.ALLOW),
          entry(AclOperation.WRITE, AclPermissionType.ALLOW), entry(AclOperation.READ, AclPermissionType.DENY)))
          .all().get(30, TimeUnit.SECONDS);
      long withdrawn = System.nanoTime();
      Throwable cause = edge.fatalFailure().toCompletableFuture().get(60, TimeUnit.SECONDS);
      System.out.printf("FIGURE 26-fatal-edge: the edge's live feed stopped %d ms after its right to read "
          + "chat-messages was withdrawn%n", (System.nanoTime() - withdrawn) / 1_000_000);

      assertThat(cause).isInstanceOf(TopicAuthorizationException.class);
      assertThat(status(edge.opsPort(), "/health/live")).isEqualTo(503);
      assertThat(body(edge.opsPort(), "/health/live")).contains("live sockets stopped by a fatal Kafka error")
          .doesNotContain("TopicAuthorizationException");
    }
  }

  private Map<String, String> connectorEnv(String group) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("AI_AGENT_WS_URL", agent.url());
    env.put("RELAY_MODE", "dev");
    env.put("CONNECTOR_GROUP_ID", group);
    return env;
  }

  /** A question for the agent, and once it is in the log, {@code acls} on the log. */
  private void askAndThenSet(List<AclBinding> acls) throws Exception {
    String sessionId = UUID.randomUUID().toString();
    UserMessage question = new UserMessage(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, sessionId, "erin",
        Instant.now(), "c-1", "Who may write here?", Map.of(), AgentType.BankRep);
    try (KafkaProducer<String, ChatEvent> producer = new KafkaProducer<>(
        KafkaSettings.of(kafka.bootstrapServers()).reliableProducer("fatal-it-producer"), new StringSerializer(),
        Topics.CHAT_MESSAGES.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), sessionId, question)).get(30, TimeUnit.SECONDS);
    }
    admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
  }

  private static AclBinding entry(AclOperation operation, AclPermissionType permission) {
    return new AclBinding(LOG, new AccessControlEntry("User:ANONYMOUS", "*", operation, permission));
  }

  private int status(int port, String path) {
    return get(port, path).statusCode();
  }

  private String body(int port, String path) {
    return get(port, path).body();
  }

  private HttpResponse<String> get(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
