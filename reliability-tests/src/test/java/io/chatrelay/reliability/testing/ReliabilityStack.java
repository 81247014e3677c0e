package io.chatrelay.reliability.testing;

import io.chatrelay.demoagent.DemoAgent;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.RedisCluster;
import io.chatrelay.infra.KafkaCluster;
import io.chatrelay.infra.KafkaProcess;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.projector.SessionProjector;
import io.chatrelay.views.ViewKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The whole product on this machine, wired the way production runs it but with every part within reach of a
 * test: the broker is a child JVM that can be SIGKILLed ({@link KafkaProcess}), Redis a real process that can be
 * SIGKILLed and comes back empty, the connector a child JVM of its own, the projector and the main edge in this JVM
 * (so their heap and sockets can be watched), and three agents behind the three personas:
 *
 * <ul>
 *   <li>{@code BankRep}: the demo agent, directly;</li>
 *   <li>{@code TradeBodyRep}: the {@link HostileAgent}, whose behaviour a test chooses;</li>
 *   <li>{@code PaymentsEcosystemRep}: the demo agent behind the {@link FaultProxy}.</li>
 * </ul>
 *
 * <p>One stack per test JVM ({@link #shared()}), stopped when the JVM exits. A test that breaks a part puts it
 * back before it ends ({@link #awaitHealthy()} checks). A test that needs several brokers starts a stack of its own
 * on a {@link KafkaCluster} ({@link #onCluster(int)}) and closes it.
 */
public final class ReliabilityStack implements AutoCloseable {

  public static final String BANK = "BankRep";
  public static final String HOSTILE = "TradeBodyRep";
  public static final String PROXIED = "PaymentsEcosystemRep";
  /** The bearer token the stack's connector presents to its agents. */
  public static final String AGENT_TOKEN = "reliability-agent-token-7f3a";
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  /** How long a Redis Cluster node may be silent before its replica takes over. */
  public static final Duration REDIS_NODE_TIMEOUT = Duration.ofSeconds(2);

  private static ReliabilityStack shared;

  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private final Path workDir;
  /** The broker, or null on a cluster. */
  private final KafkaProcess kafka;
  /** The brokers, or null on a single broker. */
  private final KafkaCluster cluster;
  /** The Redis server, or null on a Redis Cluster. */
  private final EmbeddedRedis redis;
  /** The Redis Cluster, or null on one server. */
  private final RedisCluster redisCluster;
  private final DemoAgent demoAgent;
  private final HostileAgent hostileAgent;
  private final FaultProxy agentProxy;
  private final Map<String, String> baseEnv;
  private final Map<String, String> connectorEnv;
  private final ChildJvm connector;
  private final int connectorOpsPort;
  private final EdgeService edge;
  private SessionProjector projector;

  private ReliabilityStack(int brokers, boolean onRedisCluster) {
    try {
      workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "reliability-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kafka = brokers == 1 ? own(KafkaProcess.start(workDir.resolve("kafka"), 0)) : null;
    cluster = brokers == 1 ? null : own(KafkaCluster.start(workDir.resolve("kafka"), brokers));
    redis = onRedisCluster ? null : own(EmbeddedRedis.start(0));
    redisCluster = onRedisCluster ? own(RedisCluster.start(workDir.resolve("redis"), 3, 1, REDIS_NODE_TIMEOUT))
        : null;
    demoAgent = own(DemoAgent.start(DemoAgentConfig.defaults().withPort(0), Clock.systemUTC()));
    hostileAgent = own(new HostileAgent());
    agentProxy = own(new FaultProxy(demoAgent.port()));
    baseEnv = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka != null ? kafka.bootstrapServers() : cluster.bootstrapServers(),
        "REDIS_URL", redisUrl(),
        "VIEW_PREFIX", ViewKeys.DEFAULT_PREFIX);
    projector = startProjector();
    edge = own(new EdgeService(EdgeConfig.fromEnv(edgeEnv(Map.of())), Clock.systemUTC()));
    connectorOpsPort = freePort();
    connectorEnv = connectorEnv();
    connector = own(connectorJvm("connector", connectorEnv)).start();
  }

  /** The stack of this JVM, started on first use. */
  public static synchronized ReliabilityStack shared() {
    if (shared == null) {
      shared = new ReliabilityStack(1, false);
      ReliabilityStack stack = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "reliability-stack-shutdown"));
    }
    return shared;
  }

  /**
   * A stack of its own on a cluster of {@code brokers} broker JVMs, every service given all of them to bootstrap
   * from, as a deployment is; the caller closes it.
   */
  public static ReliabilityStack onCluster(int brokers) {
    if (brokers < 2) {
      throw new IllegalArgumentException("a cluster has two brokers or more; the shared stack has one");
    }
    return new ReliabilityStack(brokers, false);
  }

  /**
   * A stack of its own on {@code brokers} broker JVMs and a Redis Cluster of three masters with a replica each, the
   * way the product scales out; the caller closes it.
   */
  public static ReliabilityStack onClusters(int brokers) {
    return new ReliabilityStack(brokers, true);
  }

  // ---- the parts

  /** The broker of a single-broker stack. */
  public KafkaProcess kafka() {
    if (kafka == null) {
      throw new IllegalStateException("this stack runs on a cluster: see cluster()");
    }
    return kafka;
  }

  /** The brokers of a stack started {@link #onCluster(int)}. */
  public KafkaCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("this stack runs on one broker: see kafka()");
    }
    return cluster;
  }

  /** Every broker's address, as the services are given it. */
  public String bootstrapServers() {
    return baseEnv.get("KAFKA_BOOTSTRAP_SERVERS");
  }

  public EmbeddedRedis redis() {
    if (redis == null) {
      throw new IllegalStateException("this stack runs on a Redis Cluster: see redisCluster()");
    }
    return redis;
  }

  /** The Redis Cluster of a stack started {@link #onClusters(int)}. */
  public RedisCluster redisCluster() {
    if (redisCluster == null) {
      throw new IllegalStateException("this stack runs on one Redis server: see redis()");
    }
    return redisCluster;
  }

  public String redisUrl() {
    return redis != null ? redis.url() : redisCluster.url();
  }

  public ViewKeys viewKeys() {
    return ViewKeys.defaults();
  }

  public DemoAgent demoAgent() {
    return demoAgent;
  }

  public HostileAgent hostileAgent() {
    return hostileAgent;
  }

  public FaultProxy agentProxy() {
    return agentProxy;
  }

  public EdgeService edge() {
    return edge;
  }

  public String baseUrl() {
    return edge.baseUri().toString().replaceAll("/$", "");
  }

  /** A path on the main edge's ops listener ({@code /health/ready}, {@code /metrics}). */
  public String edgeOpsUrl(String path) {
    return edge.opsUri().toString().replaceAll("/$", "") + path;
  }

  public synchronized SessionProjector projector() {
    return projector;
  }

  public ChildJvm connector() {
    return connector;
  }

  public Path workDir() {
    return workDir;
  }

  // ---- environments

  /** The environment every service of the stack shares: where Kafka and Redis are. */
  public Map<String, String> baseEnv() {
    return baseEnv;
  }

  /**
   * An edge's environment: dev mode, a free port, rate limits no test reaches unless it means to (every client of
   * the tests comes from 127.0.0.1, so the per-address limits are raised like the per-user ones).
   */
  public Map<String, String> edgeEnv(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(baseEnv);
    env.put("RELAY_MODE", "dev");
    env.put("HTTP_PORT", "0");
    env.put("EDGE_OPS_PORT", "0");
    env.put("HTTP_WORKER_THREADS", "16");
    env.put("RATE_LIMIT_MESSAGES_PER_SECOND", "1000");
    env.put("RATE_LIMIT_BURST", "1000");
    env.putAll(EdgeConfig.ONE_ADDRESS_LIMITS);
    env.putAll(overrides);
    return env;
  }

  /** Another edge in this JVM on the same broker and Redis; the caller closes it. */
  public EdgeService startEdge(Map<String, String> overrides) {
    return new EdgeService(EdgeConfig.fromEnv(edgeEnv(overrides)), Clock.systemUTC());
  }

  /** Another edge in a JVM of its own on a port of its own, not yet started; the caller closes it. */
  public ChildJvm edgeJvm(String name, int port, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(edgeEnv(overrides));
    env.put("HTTP_PORT", Integer.toString(port));
    String ready = "http://127.0.0.1:" + port + "/health/live";
    return new ChildJvm(name, "edge", env, List.of("-Xmx256m", "-XX:+UseSerialGC"), workDir,
        () -> httpStatus(ready) == 200, READY_TIMEOUT);
  }

  private Map<String, String> connectorEnv() {
    Map<String, String> env = new HashMap<>(baseEnv);
    env.put("AI_AGENT_WS_URL", demoAgent.url());
    env.put("AI_AGENT_WS_URL_" + HOSTILE, hostileAgent.url());
    env.put("AI_AGENT_WS_URL_" + PROXIED, "ws://127.0.0.1:" + agentProxy.port() + "/ws");
    // Production mode, as deployed; the agents here are on loopback, which is what the plaintext override is for.
    env.put("RELAY_MODE", "production");
    env.put("AI_AGENT_ALLOW_PLAINTEXT", "true");
    env.put("AI_AGENT_TOKEN", AGENT_TOKEN);
    // Short timings so faults show within seconds, in the proportions of the defaults.
    env.put("AGENT_REPLY_TIMEOUT_MS", "4000");
    env.put("AGENT_HEARTBEAT_MS", "1000");
    env.put("AGENT_RECONNECT_BASE_MS", "200");
    env.put("AGENT_RECONNECT_MAX_MS", "2000");
    env.put("AGENT_RECONNECT_ATTEMPTS", "5");
    env.put("AGENT_BREAKER_OPEN_MS", "2000");
    env.put("AGENT_SLOW_CALL_MS", "3000");
    // CONNECTOR_OPS_HOST is left to its default (loopback), which OpsListenerIT checks from outside.
    env.put("CONNECTOR_OPS_PORT", Integer.toString(connectorOpsPort));
    // A killed connector's partitions go to its successor after this long (the broker's minimum).
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    return env;
  }

  public Map<String, String> connectorEnvironment() {
    return connectorEnv;
  }

  /** A connector JVM with this environment, not yet started. */
  public ChildJvm connectorJvm(String name, Map<String, String> env) {
    String ready = "http://127.0.0.1:" + env.get("CONNECTOR_OPS_PORT") + "/health/ready";
    return new ChildJvm(name, "connector", env, List.of("-Xmx256m", "-XX:+UseSerialGC"), workDir,
        () -> httpStatus(ready) == 200, READY_TIMEOUT);
  }

  public String connectorUrl(String path) {
    return "http://127.0.0.1:" + connectorOpsPort + path;
  }

  // ---- the projector

  private SessionProjector startProjector() {
    return newProjector(Map.of());
  }

  /** Another projector on the same broker and Redis (say, with an application id of its own); the caller closes it. */
  public SessionProjector newProjector(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(baseEnv);
    env.put("PROJECTOR_OPS_HOST", "127.0.0.1");
    env.put("PROJECTOR_OPS_PORT", "0");
    env.put("PROJECTOR_STATE_DIR", workDir.resolve("projector-state").toString());
    // A projector that is restarted (or killed) hands its tasks on after this long, not the default 45 s.
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    env.putAll(overrides);
    return new SessionProjector(ProjectorConfig.fromEnv(env), Clock.systemUTC());
  }

  public String projectorApplicationId() {
    return ProjectorConfig.fromEnv(baseEnv).applicationId();
  }

  public synchronized void stopProjector() {
    if (projector != null) {
      projector.close();
      projector = null;
    }
  }

  public synchronized SessionProjector restartProjector() {
    stopProjector();
    projector = startProjector();
    return projector;
  }

  // ---- health

  /** Waits until every part answers: the edge ready, the connector ready, the projector running. */
  public void awaitHealthy() {
    Awaitility.await("the stack to be healthy").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> (kafka != null ? kafka.isRunning() : cluster.allRunning())
            && (redis == null || redis.isRunning())
            && connector.isRunning()
            && httpStatus(edgeOpsUrl("/health/ready")) == 200
            && httpStatus(connectorUrl("/health/ready")) == 200
            && projector() != null && projector().ready().up());
  }

  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The status of a GET, or -1 when nothing answers. */
  public static int httpStatus(String url) {
    try {
      return PROBE.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of a GET, or null when nothing answers. */
  public static String httpBody(String url) {
    try {
      return PROBE.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T extends AutoCloseable> T own(T part) {
    owned.push(part);
    return part;
  }

  @Override
  public void close() {
    // Everything here is disposable test data: the child JVMs are killed rather than asked, so the test JVM
    // exits promptly; the projector is closed while the broker is still there to take its last commit.
    connector.kill();
    stopProjector();
    while (!owned.isEmpty()) {
      try {
        AutoCloseable part = owned.pop();
        if (part == kafka) {
          kafka.kill();
        }
        if (part == cluster) {
          cluster.kill();
        }
        part.close();
      } catch (Exception e) {
        System.err.println("closing the reliability stack: " + e);
      }
    }
  }
}
