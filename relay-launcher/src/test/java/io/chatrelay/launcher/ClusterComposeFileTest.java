package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.views.redis.RedisEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The multi-node compose file ({@code infra/cluster/}), checked against the code as {@link ComposeFileTest} checks
 * the single-node one: three brokers in one quorum, two of each relay service on all of them, a proxy in front of
 * the edges that passes WebSockets on and is the one address the edges believe, and a restart policy and a health
 * check on everything that can fail.
 */
class ClusterComposeFileTest {

  private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
  private static final String INIT = "redis-cluster-init";

  private final ComposeFile compose = ComposeFile.read("infra/cluster/docker-compose.yml");
  private final String nginx = ComposeFile.readString(ComposeFile.ROOT.resolve("infra/cluster/nginx.conf"));

  @Test
  void shouldRunThreeBrokersInOneQuorum() {
    String voters = IntStream.rangeClosed(1, 3).mapToObj(n -> n + "@kafka-" + n + ":9093")
        .collect(Collectors.joining(","));
    for (int n = 1; n <= 3; n++) {
      Map<String, String> env = compose.environment("kafka-" + n);
      assertThat(env).containsEntry("KAFKA_NODE_ID", Integer.toString(n))
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
          .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-" + n + ":9092")
          .containsEntry("CLUSTER_ID", compose.environment("kafka-1").get("CLUSTER_ID"))
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3");
    }
  }

  @Test
  void shouldRunTwoOfEachRelayServiceOnEveryBroker() {
    for (String command : List.of("edge", "projector", "connector")) {
      List<String> instances = compose.running(command);
      assertThat(instances).as(command).hasSizeGreaterThanOrEqualTo(2);
      instances.forEach(service -> {
        KafkaSettings kafka = KafkaSettings.fromEnv(compose.environment(service));
        assertThat(Set.of(kafka.bootstrapServers().split(",")))
            .containsExactlyInAnyOrderElementsOf(BROKERS.stream().map(b -> b + ":9092").toList());
        ComposeFileTest.assertReadsEveryVariable(compose, service);
      });
    }
    compose.running("edge").forEach(s -> EdgeConfig.fromEnv(compose.environment(s)));
    compose.running("projector").forEach(s -> assertThat(ProjectorConfig.fromEnv(compose.environment(s))
        .applicationId()).as("one Streams application shares the partitions").isEqualTo("session-projector"));
  }

  @Test
  void shouldGiveEachConnectorAFixedPlaceOfItsOwnInOneGroup() {
    List<ConnectorConfig> connectors = compose.running("connector").stream()
        .map(s -> ConnectorConfig.fromEnv(compose.environment(s))).toList();

    assertThat(connectors).extracting(c -> c.group().groupId()).containsOnly("agent-connector");
    assertThat(connectors).extracting(c -> c.group().instanceId()).doesNotContainNull().doesNotHaveDuplicates();
  }

  @Test
  void shouldRunTheViewsOnARedisClusterOfThreeMastersWithAReplicaEach() {
    List<String> nodes = compose.services().stream().filter(s -> s.matches("redis-\\d")).toList();
    assertThat(nodes).hasSize(6);
    List<String> addresses = new ArrayList<>();
    for (String node : nodes) {
      assertThat(compose.service(node).get("command").toString()).contains("\"--cluster-enabled\",\"yes\"")
          .contains("\"--appendonly\",\"yes\"");
      addresses.add(compose.service(node).get("networks").get("relay").get("ipv4_address").asText() + ":6379");
    }
    String init = compose.service(INIT).get("command").toString();
    assertThat(init).contains("--cluster-replicas 1");
    addresses.forEach(address -> assertThat(init).contains(address));
    for (String command : List.of("edge", "projector")) {
      compose.running(command).forEach(service -> {
        RedisEndpoint redis = RedisEndpoint.parse(compose.environment(service).get("REDIS_URL"));
        assertThat(redis.cluster()).as("%s on the cluster", service).isTrue();
        assertThat(redis.nodes()).allMatch(seed -> nodes.contains(seed.getHost()));
        assertThat(compose.service(service).get("depends_on").get(INIT).get("condition").asText())
            .isEqualTo("service_completed_successfully");
      });
    }
  }

  @Test
  void shouldRestartAndHealthCheckEverythingThatCanFail() {
    assertThat(compose.service(INIT).path("restart").asText()).as("the one-off job is retried until it ran")
        .isEqualTo("on-failure");
    for (String service : compose.services().stream().filter(s -> !s.equals(INIT)).toList()) {
      JsonNode definition = compose.service(service);
      assertThat(definition.path("restart").asText()).as("restart of %s", service).isEqualTo("unless-stopped");
      if (!"agent".equals(compose.relayCommand(service))) {
        assertThat(definition.has("healthcheck")).as("health check of %s", service).isTrue();
      }
    }
    Map<String, String> opsPortVariable = Map.of("edge", EdgeConfig.OPS_PORT_ENV, "projector", "PROJECTOR_OPS_PORT",
        "connector", ConnectorConfig.OPS_PORT_ENV);
    opsPortVariable.forEach((command, variable) -> compose.running(command).forEach(service -> {
      String probe = compose.service(service).get("healthcheck").get("test").toString();
      assertThat(probe).as("%s asks its own ops listener", service)
          .contains("/dev/tcp/127.0.0.1/" + compose.environment(service).get(variable))
          .contains("/health/ready");
      assertThat(compose.environment(service)).containsValue("0.0.0.0");
    }));
  }

  @Test
  void shouldProxyWebSocketsToEveryEdgeAndBeTheOnlyAddressTheEdgesBelieve() {
    for (String edge : compose.running("edge")) {
      assertThat(nginx).contains("server " + edge + ":" + compose.environment(edge).get("HTTP_PORT"));
      assertThat(compose.service(edge).has("ports")).as("%s is reached through the proxy only", edge).isFalse();
    }
    assertThat(nginx).contains("proxy_set_header Upgrade $http_upgrade;")
        .contains("proxy_set_header Connection $connection_upgrade;")
        .contains("proxy_set_header X-Forwarded-For $remote_addr;");
    Matcher timeout = Pattern.compile("proxy_read_timeout (\\d+)s;").matcher(nginx);
    assertThat(timeout.find()).isTrue();
    assertThat(Long.parseLong(timeout.group(1))).as("an idle socket outlives the proxy's read timeout by its pings")
        .isGreaterThan(LiveSettings.DEFAULT_PING_INTERVAL.toSeconds());

    String proxyAddress = compose.service("proxy").get("networks").get("relay").get("ipv4_address").asText();
    compose.running("edge").forEach(edge ->
        assertThat(compose.environment(edge)).containsEntry("TRUSTED_PROXIES", proxyAddress));
    assertThat(compose.service("proxy").get("ports").get(0).asText())
        .isEqualTo("8080:" + compose.environment("edge-1").get("HTTP_PORT"));
  }
}
