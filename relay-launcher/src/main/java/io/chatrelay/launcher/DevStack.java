package io.chatrelay.launcher;

import io.chatrelay.analytics.AnalyticsConfig;
import io.chatrelay.analytics.ChatAnalytics;
import io.chatrelay.connector.AgentConnector;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.infra.EmbeddedKafka;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.JvmExit;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.RunningService;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.projector.SessionProjector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product in one process, as {@code ./relay dev} and the end-to-end tests run it. Whatever the
 * environment already points at (Kafka, Redis, an agent) is used instead of being started.
 *
 * <p>{@link #close()}, or Ctrl-C if nobody closes it, stops the services (edge, connector, projector, analytics,
 * demo agent) while the broker and Redis still serve them, then the broker, then Redis.
 */
public final class DevStack implements RunningService {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

  public static final int DEV_KAFKA_PORT = 9092;
  /**
   * A free port: the demo agent is only reached through the URL the connector is given, and a fixed one would
   * clash with whatever a developer picks for {@code HTTP_PORT}.
   */
  public static final int DEV_AGENT_PORT = 0;

  /**
   * @param dataDir where an embedded broker and Redis keep their data between runs
   * @param fresh delete that data first
   */
  public record Options(Path dataDir, boolean fresh, int kafkaPort, int agentPort) {

    public Options(Path dataDir, boolean fresh) {
      this(dataDir, fresh, DEV_KAFKA_PORT, DEV_AGENT_PORT);
    }
  }

  private final OrderedShutdown owned;
  private final Map<String, String> env;
  private final EdgeService edge;
  private final EmbeddedKafka kafka;
  private final CompletableFuture<Throwable> fatal;

  private DevStack(OrderedShutdown owned, Map<String, String> env, EdgeService edge, EmbeddedKafka kafka,
      CompletableFuture<Throwable> fatal) {
    this.owned = owned;
    this.env = env;
    this.edge = edge;
    this.kafka = kafka;
    this.fatal = fatal;
  }

  public static Path defaultDataDir() {
    return Path.of(System.getProperty("relay.home", ".")).resolve(".relay-data");
  }

  public static DevStack start(Options options, Map<String, String> environment) {
    // Everything is closed in the reverse of the order it starts in, by close() or by the one shutdown hook of
    // OrderedShutdown: the broker and Redis get no hook of their own, which would stop them under the services.
    OrderedShutdown owned = new OrderedShutdown("dev stack in " + options.dataDir().toAbsolutePath());
    try {
      if (options.fresh() && DevData.wipe(options.dataDir(), DevData.jvmTempDir())) {
        LOG.info("deleted dev data in {}", options.dataDir());
      }
      Map<String, String> env = new HashMap<>(environment);
      env.putIfAbsent("RELAY_MODE", "dev");
      // On one machine every browser, test and benchmark client comes from 127.0.0.1: per-address limits would
      // count them all as one client. The per-user limits stay.
      EdgeConfig.ONE_ADDRESS_LIMITS.forEach(env::putIfAbsent);
      EdgeConfig edgeConfig = EdgeConfig.fromEnv(env);
      PortCheck.requireFree(edgeConfig.httpHost(), edgeConfig.httpPort(), "HTTP_HOST, HTTP_PORT");
      // Ops endpoints bind loopback by default; on free ports they never take the port a developer picks for
      // HTTP_PORT, and several stacks may share a JVM (tests). Each logs where it listens; the edge's is printed.
      env.putIfAbsent("EDGE_OPS_PORT", "0");
      env.putIfAbsent("PROJECTOR_OPS_PORT", "0");
      env.putIfAbsent("CONNECTOR_OPS_PORT", "0");
      env.putIfAbsent(AnalyticsConfig.OPS_PORT_ENV, "0");
      // Streams state of this stack's own.
      env.putIfAbsent(AnalyticsConfig.STATE_DIR_ENV, options.dataDir().resolve("analytics").toString());
      if (!env.containsKey("REDIS_URL")) {
        EmbeddedRedis redis = owned.register("redis",
            EmbeddedRedis.start(options.dataDir().resolve("redis"), 0, JvmExit.CALLER_CLOSES));
        env.put("REDIS_URL", redis.url());
      }
      EmbeddedKafka kafka = null;
      if (!env.containsKey(KafkaSettings.BOOTSTRAP_ENV)) {
        PortCheck.requireFree("127.0.0.1", options.kafkaPort(), "the broker's port, --kafka-port");
        kafka = owned.register("kafka",
            EmbeddedKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort(), JvmExit.CALLER_CLOSES));
        env.put(KafkaSettings.BOOTSTRAP_ENV, kafka.bootstrapServers());
      }
      if (!env.containsKey("AI_AGENT_WS_URL")) {
        DemoAgentConfig agentConfig = DemoAgentConfig.fromEnv(env).withPort(options.agentPort());
        DemoAgent agent = owned.register("demo agent", DemoAgent.start(agentConfig, Clock.systemUTC()));
        env.put("AI_AGENT_WS_URL", agent.url());
      }
      Map<String, String> frozen = Map.copyOf(env);
      // The edge stops first, so no new work comes in; the agent last of the services, so the connector can
      // finish the conversations it is in.
      // Any of them stopping by itself stops the stack, as it would stop that service's process.
      CompletableFuture<Throwable> fatal = new CompletableFuture<>();
      List.of(owned.register("analytics", new ChatAnalytics(AnalyticsConfig.fromEnv(frozen))),
          owned.register("projector", new SessionProjector(ProjectorConfig.fromEnv(frozen), Clock.systemUTC())),
          owned.register("connector", AgentConnector.start(ConnectorConfig.fromEnv(frozen))))
          .forEach(service -> service.fatalFailure().thenAccept(fatal::complete));
      EdgeService edge = owned.register("edge", new EdgeService(EdgeConfig.fromEnv(frozen), Clock.systemUTC()));
      LOG.info("dev stack up: kafka={} redis={} agent={} edge={}", frozen.get(KafkaSettings.BOOTSTRAP_ENV),
          frozen.get("REDIS_URL"), frozen.get("AI_AGENT_WS_URL"), edge.baseUri().toString().replaceAll("/$", ""));
      return new DevStack(owned, frozen, edge, kafka, fatal);
    } catch (RuntimeException e) {
      try {
        owned.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  public String pageUrl() {
    return edge.baseUri().toString().replaceAll("/$", "") + "/";
  }

  /** The edge's ops listener, such as {@code http://127.0.0.1:8081}. */
  public String opsUrl() {
    return edge.opsUri().toString().replaceAll("/$", "");
  }

  public String baseUrl() {
    return edge.baseUri().toString().replaceAll("/$", "");
  }

  public String bootstrapServers() {
    return env.get(KafkaSettings.BOOTSTRAP_ENV);
  }

  public String redisUrl() {
    return env.get("REDIS_URL");
  }

  public String agentUrl() {
    return env.get("AI_AGENT_WS_URL");
  }

  /** The embedded broker, or null when the stack uses an external cluster. */
  public EmbeddedKafka kafka() {
    return kafka;
  }

  public Map<String, String> env() {
    return env;
  }

  /** Completes when the analytics job, the projector or the connector stopped by itself. */
  @Override
  public CompletionStage<Throwable> fatalFailure() {
    return fatal;
  }

  /** Stops everything it started, in order; later calls, and Ctrl-C after it, do nothing. */
  @Override
  public void close() {
    owned.close();
  }
}
