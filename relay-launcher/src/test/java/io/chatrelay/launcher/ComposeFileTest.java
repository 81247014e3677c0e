package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.projector.ProjectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the compose file is checked against the code instead: every
 * service runs a real {@code relay} subcommand, its environment builds that service's config, every variable it
 * sets is one the service reads, and the published port is the one the edge listens on.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Map<String, String> MODULE_OF = Map.of(
      "edge", "edge-service", "projector", "session-projector", "connector", "agent-connector",
      "agent", "demo-agent");

  private final JsonNode services = read().get("services");

  private static JsonNode read() {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("infra/docker-compose.yml").toFile());
    } catch (IOException e) {
      throw new AssertionError("infra/docker-compose.yml is not readable YAML", e);
    }
  }

  @Test
  void shouldRunEveryServiceOfThePipelineBesideKafkaAndRedis() {
    assertThat(fieldNames(services)).containsExactlyInAnyOrder(
        "kafka", "redis", "edge", "projector", "connector", "agent");
    Map<String, picocli.CommandLine> subcommands = Relay.commandLine().getSubcommands();
    MODULE_OF.keySet().forEach(service ->
        assertThat(subcommands).containsKey(services.get(service).get("command").get(0).asText()));
  }

  @Test
  void shouldBuildEachServicesConfigFromItsComposeEnvironment() {
    Map<String, Consumer<Map<String, String>>> builders = Map.of(
        "edge", env -> EdgeConfig.fromEnv(env),
        "projector", env -> ProjectorConfig.fromEnv(env),
        "connector", env -> ConnectorConfig.fromEnv(env),
        "agent", env -> DemoAgentConfig.fromEnv(env));
    builders.forEach((service, builder) -> builder.accept(environment(service)));
  }

  @Test
  void shouldSetOnlyVariablesTheServiceReads() throws IOException {
    for (Map.Entry<String, String> entry : MODULE_OF.entrySet()) {
      String sources = sourcesOf(entry.getValue()) + sourcesOf("service-kit");
      for (String variable : environment(entry.getKey()).keySet()) {
        boolean passThrough = variable.startsWith("KAFKA_") && !variable.equals("KAFKA_BOOTSTRAP_SERVERS");
        if (!passThrough) {
          assertThat(sources).as("%s sets %s", entry.getKey(), variable).contains("\"" + variable + "\"");
        }
      }
    }
  }

  @Test
  void shouldPublishTheEdgesHttpPort() {
    JsonNode edge = services.get("edge");
    String port = environment("edge").get("HTTP_PORT");
    assertThat(edge.get("ports").get(0).asText()).endsWith(":" + port);
    assertThat(environment("edge")).containsEntry("HTTP_HOST", "0.0.0.0");
    assertThat(environment("agent")).containsEntry("DEMO_AGENT_HOST", "0.0.0.0");
    assertThat(environment("connector").get("AI_AGENT_WS_URL"))
        .isEqualTo("ws://agent:" + environment("agent").get("DEMO_AGENT_PORT") + "/ws");
  }

  @Test
  void shouldOpenEachOpsListenerToTheProjectNetworkOnlyInTheContainerAndPublishNone() {
    // The code's default is loopback, which a probe from another container cannot reach.
    assertThat(EdgeConfig.DEFAULT_OPS_HOST).isEqualTo("127.0.0.1");
    assertThat(ProjectorConfig.DEFAULT_OPS_HOST).isEqualTo("127.0.0.1");
    assertThat(ConnectorConfig.DEFAULT_OPS_HOST).isEqualTo("127.0.0.1");
    assertThat(environment("edge")).containsEntry(EdgeConfig.OPS_HOST_ENV, "0.0.0.0");
    assertThat(environment("projector")).containsEntry("PROJECTOR_OPS_HOST", "0.0.0.0");
    assertThat(environment("connector")).containsEntry(ConnectorConfig.OPS_HOST_ENV, "0.0.0.0");
    JsonNode ports = services.get("edge").get("ports");
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).asText()).doesNotContain(environment("edge").get(EdgeConfig.OPS_PORT_ENV));
  }

  /** The service's environment with compose's ${VAR:?message} substitutions filled in as an operator would. */
  private Map<String, String> environment(String service) {
    Map<String, String> env = new HashMap<>();
    services.get(service).path("environment").fields().forEachRemaining(e -> {
      String value = e.getValue().asText();
      env.put(e.getKey(), value.startsWith("${") ? "an-operator-chosen-secret-of-at-least-32-chars" : value);
    });
    return env;
  }

  private static String sourcesOf(String module) throws IOException {
    try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
      return files.filter(p -> p.toString().endsWith(".java")).map(ComposeFileTest::readString)
          .collect(Collectors.joining("\n"));
    }
  }

  private static String readString(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static java.util.List<String> fieldNames(JsonNode node) {
    java.util.List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
