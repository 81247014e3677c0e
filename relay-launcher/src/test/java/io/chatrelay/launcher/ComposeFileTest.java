package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.projector.ProjectorConfig;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the compose file is checked against the code instead: every
 * service runs a real {@code relay} subcommand, its environment builds that service's config, every variable it
 * sets is one the service reads, and the published port is the one the edge listens on.
 */
class ComposeFileTest {

  private final ComposeFile compose = ComposeFile.read("infra/docker-compose.yml");
  private final JsonNode services = compose.root().get("services");

  @Test
  void shouldRunEveryServiceOfThePipelineBesideKafkaAndRedis() {
    assertThat(compose.services()).containsExactlyInAnyOrder(
        "kafka", "redis", "edge", "projector", "connector", "agent");
    Map<String, picocli.CommandLine> subcommands = Relay.commandLine().getSubcommands();
    ComposeFile.MODULE_OF.keySet().forEach(service ->
        assertThat(subcommands).containsKey(compose.relayCommand(service)));
  }

  @Test
  void shouldBuildEachServicesConfigFromItsComposeEnvironment() {
    Map<String, Consumer<Map<String, String>>> builders = Map.of(
        "edge", env -> EdgeConfig.fromEnv(env),
        "projector", env -> ProjectorConfig.fromEnv(env),
        "connector", env -> ConnectorConfig.fromEnv(env),
        "agent", env -> DemoAgentConfig.fromEnv(env));
    builders.forEach((service, builder) -> builder.accept(compose.environment(service)));
  }

  @Test
  void shouldSetOnlyVariablesTheServiceReads() {
    ComposeFile.MODULE_OF.keySet().forEach(service -> assertReadsEveryVariable(compose, service));
  }

  /** Every variable {@code service} sets is one its code names (a {@code KAFKA_*} one goes to the clients as is). */
  static void assertReadsEveryVariable(ComposeFile compose, String service) {
    String sources = ComposeFile.sourcesOf(ComposeFile.MODULE_OF.get(compose.relayCommand(service)))
        + ComposeFile.sourcesOf("service-kit");
    for (String variable : compose.environment(service).keySet()) {
      boolean passThrough = variable.startsWith("KAFKA_") && !variable.equals("KAFKA_BOOTSTRAP_SERVERS");
      if (!passThrough) {
        assertThat(sources).as("%s sets %s", service, variable).contains("\"" + variable + "\"");
      }
    }
  }

  @Test
  void shouldPublishTheEdgesHttpPort() {
    JsonNode edge = services.get("edge");
    String port = compose.environment("edge").get("HTTP_PORT");
    assertThat(edge.get("ports").get(0).asText()).endsWith(":" + port);
    assertThat(compose.environment("edge")).containsEntry("HTTP_HOST", "0.0.0.0");
    assertThat(compose.environment("agent")).containsEntry("DEMO_AGENT_HOST", "0.0.0.0");
    assertThat(compose.environment("connector").get("AI_AGENT_WS_URL"))
        .isEqualTo("ws://agent:" + compose.environment("agent").get("DEMO_AGENT_PORT") + "/ws");
  }

  @Test
  void shouldOpenEachOpsListenerToTheProjectNetworkOnlyInTheContainerAndPublishNone() {
    // The code's default is loopback, which a probe from another container cannot reach.
    assertThat(EdgeConfig.DEFAULT_OPS_HOST).isEqualTo("127.0.0.1");
    assertThat(ProjectorConfig.DEFAULT_OPS_HOST).isEqualTo("127.0.0.1");
    assertThat(ConnectorConfig.DEFAULT_OPS_HOST).isEqualTo("127.0.0.1");
    assertThat(compose.environment("edge")).containsEntry(EdgeConfig.OPS_HOST_ENV, "0.0.0.0");
    assertThat(compose.environment("projector")).containsEntry("PROJECTOR_OPS_HOST", "0.0.0.0");
    assertThat(compose.environment("connector")).containsEntry(ConnectorConfig.OPS_HOST_ENV, "0.0.0.0");
    JsonNode ports = services.get("edge").get("ports");
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).asText()).doesNotContain(compose.environment("edge").get(EdgeConfig.OPS_PORT_ENV));
  }
}
