package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chatrelay.analytics.AnalyticsConfig;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.projector.ProjectorConfig;
import io.chatrelay.views.redis.RedisEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests ({@code infra/k8s/}), checked against the code as the compose files are: every relay
 * container runs a real subcommand whose configuration its environment builds, probes ask its own ops listener,
 * connectors get a fixed instance id each, services reach the Strimzi cluster's bootstrap Service, and that cluster
 * replicates as the relay expects.
 */
class K8sManifestsTest {

  private static final Path DIR = ComposeFile.ROOT.resolve("infra/k8s");
  private static final Map<String, Consumer<Map<String, String>>> CONFIGS = Map.of(
      "edge", env -> EdgeConfig.fromEnv(env),
      "projector", env -> ProjectorConfig.fromEnv(env),
      "connector", env -> ConnectorConfig.fromEnv(env),
      "analytics", env -> AnalyticsConfig.fromEnv(env),
      "agent", env -> DemoAgentConfig.fromEnv(env));
  private static final Map<String, String> OPS_PORT = Map.of("edge", EdgeConfig.OPS_PORT_ENV,
      "projector", "PROJECTOR_OPS_PORT", "connector", ConnectorConfig.OPS_PORT_ENV,
      "analytics", AnalyticsConfig.OPS_PORT_ENV);

  private final List<JsonNode> documents = readAll();

  private static List<JsonNode> readAll() {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(file.toFile())
            .forEachRemaining(doc -> all.add((JsonNode) doc));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  private List<JsonNode> ofKind(String... kinds) {
    return documents.stream().filter(d -> List.of(kinds).contains(d.path("kind").asText())).toList();
  }

  private JsonNode named(String kind, String name) {
    return ofKind(kind).stream().filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private List<JsonNode> relayContainers() {
    List<JsonNode> containers = new ArrayList<>();
    ofKind("Deployment", "StatefulSet").forEach(w -> w.at("/spec/template/spec/containers").forEach(c -> {
      if (c.path("image").asText().startsWith("chat-relay:")) {
        containers.add(c);
      }
    }));
    return containers;
  }

  /** The container's environment as the pod gets it: the ConfigMaps it names, then its own values on top. */
  private Map<String, String> environment(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    container.path("envFrom").forEach(from -> named("ConfigMap", from.at("/configMapRef/name").asText())
        .path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
    container.path("env").forEach(e -> env.put(e.get("name").asText(), e.has("value") ? e.get("value").asText()
        : "from-" + e.get("valueFrom").fieldNames().next() + "-of-at-least-32-characters"));
    return env;
  }

  @Test
  void shouldRunEachRelayServiceFromTheOneImageWithAConfigItsEnvironmentBuilds() {
    List<String> commands = relayContainers().stream().map(c -> c.at("/args/0").asText()).toList();

    assertThat(commands).containsExactlyInAnyOrder("edge", "projector", "connector", "analytics", "agent");
    assertThat(Relay.commandLine().getSubcommands().keySet()).containsAll(commands);
    relayContainers().forEach(c -> CONFIGS.get(c.at("/args/0").asText()).accept(environment(c)));
  }

  @Test
  void shouldProbeEachServiceOnItsOwnOpsListener() {
    relayContainers().stream().filter(c -> OPS_PORT.containsKey(c.at("/args/0").asText())).forEach(c -> {
      String command = c.at("/args/0").asText();
      Map<String, String> env = environment(c);
      int port = Integer.parseInt(env.get(OPS_PORT.get(command)));
      assertThat(c.at("/livenessProbe/httpGet/path").asText()).as(command).isEqualTo("/health/live");
      assertThat(c.at("/readinessProbe/httpGet/path").asText()).as(command).isEqualTo("/health/ready");
      assertThat(c.at("/livenessProbe/httpGet/port").asInt()).as(command).isEqualTo(port);
      assertThat(c.at("/readinessProbe/httpGet/port").asInt()).as(command).isEqualTo(port);
      assertThat(env).as("%s's ops listener is reachable by the kubelet", command).containsValue("0.0.0.0");
    });
  }

  @Test
  void shouldGiveEachConnectorPodItsNameAsItsPlaceInTheGroup() {
    JsonNode connectors = named("StatefulSet", "connector");
    JsonNode instanceId = connectors.at("/spec/template/spec/containers/0/env").findParent("name");
    List<String> fieldRefs = new ArrayList<>();
    connectors.at("/spec/template/spec/containers/0/env").forEach(e -> {
      if ("CONNECTOR_INSTANCE_ID".equals(e.get("name").asText())) {
        fieldRefs.add(e.at("/valueFrom/fieldRef/fieldPath").asText());
      }
    });

    assertThat(instanceId).isNotNull();
    assertThat(fieldRefs).containsExactly("metadata.name");
    assertThat(connectors.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(named("Deployment", "edge").at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(named("Deployment", "projector").at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldReachAThreeNodeKafkaThatReplicatesAsTheRelayExpects() {
    JsonNode kafka = named("Kafka", "chat-relay");
    JsonNode pool = named("KafkaNodePool", "dual-role");

    assertThat(pool.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("chat-relay");
    assertThat(pool.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(pool.at("/spec/roles").toString()).contains("broker", "controller");
    assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
    assertThat(kafka.at("/spec/kafka/config/default.replication.factor").asInt()).isEqualTo(3);
    int port = kafka.at("/spec/kafka/listeners/0/port").asInt();
    // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap.
    assertThat(named("ConfigMap", "relay-env").at("/data/KAFKA_BOOTSTRAP_SERVERS").asText())
        .isEqualTo("chat-relay-kafka-bootstrap:" + port);
  }

  @Test
  void shouldKeepTheViewsOnARedisClusterTheRelayIsPointedAt() {
    JsonNode redis = named("StatefulSet", "redis");
    int pods = redis.at("/spec/replicas").asInt();
    assertThat(pods).as("three masters with a replica each").isEqualTo(6);
    assertThat(redis.at("/spec/template/spec/containers/0/args").toString())
        .contains("\"--cluster-enabled\",\"yes\"").contains("\"--appendonly\",\"yes\"");
    assertThat(named("Service", "redis").at("/spec/clusterIP").asText()).as("one DNS name per pod").isEqualTo("None");
    String init = named("Job", "redis-cluster-init").at("/spec/template/spec/containers/0/command").toString();
    assertThat(init).contains("--cluster create").contains("--cluster-replicas 1")
        .contains("for i in 0 1 2 3 4 5");

    RedisEndpoint url = RedisEndpoint.parse(named("ConfigMap", "relay-env").at("/data/REDIS_URL").asText());
    assertThat(url.cluster()).isTrue();
    assertThat(url.nodes()).allSatisfy(seed -> assertThat(seed.getHost()).matches("redis-[0-" + (pods - 1)
        + "]\\.redis"));
  }

  @Test
  void shouldSelectEachServicesPodsByTheirLabels() {
    ofKind("Service").forEach(service -> {
      String app = service.at("/spec/selector/app").asText();
      assertThat(ofKind("Deployment", "StatefulSet")).as("pods of Service %s", app)
          .anyMatch(w -> app.equals(w.at("/spec/template/metadata/labels/app").asText()));
    });
    String backend = named("Ingress", "edge").at("/spec/rules/0/http/paths/0/backend/service/name").asText();
    assertThat(named("Service", backend).at("/spec/ports/0/targetPort").asInt()).isEqualTo(
        Integer.parseInt(environment(named("Deployment", "edge").at("/spec/template/spec/containers/0"))
            .get("HTTP_PORT")));
  }
}
