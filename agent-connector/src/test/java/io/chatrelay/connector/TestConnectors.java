package io.chatrelay.connector;

import static org.awaitility.Awaitility.await;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.kit.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Connector set-up shared by the integration tests: a group of its own, reading only what is written next. */
final class TestConnectors {

  private TestConnectors() {}

  static Map<String, String> env(RelayInfra infra, String agentUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    env.put(ConsumerGroup.GROUP_ID_ENV, infra.uniqueName("agent-connector"));
    // chat-messages is shared by every test of the JVM; a fresh group must not answer earlier tests' messages.
    env.put("KAFKA_AUTO_OFFSET_RESET", "latest");
    env.put(ConnectorConfig.AGENT_URL_ENV, agentUrl);
    // The test agents listen on loopback without TLS.
    env.put(AgentPolicy.MODE_ENV, "dev");
    env.put(ConnectorConfig.OPS_HOST_ENV, "127.0.0.1");
    env.put(ConnectorConfig.OPS_PORT_ENV, "0");
    env.put(ConnectorConfig.COMMIT_INTERVAL_ENV, "100");
    return env;
  }

  /** The group's committed offset for {@code partition}, or -1 when it has none. */
  static long committed(RelayInfra infra, String group, TopicPartition partition) {
    try (Admin admin = Admin.create(KafkaSettings.of(infra.bootstrapServers()).admin("it-offsets"))) {
      OffsetAndMetadata offset =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
      return offset == null ? -1 : offset.offset();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the offsets of " + group, e);
    }
  }

  /** Starts a connector and waits until it owns its partitions, so what is written next is read. */
  static AgentConnector startReady(Map<String, String> env) {
    AgentConnector connector = AgentConnector.start(ConnectorConfig.fromEnv(env));
    await().atMost(Duration.ofSeconds(60)).until(() -> connector.readiness().up());
    return connector;
  }
}
