package io.chatrelay.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.kit.EnvReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConsumerGroupTest {

  @Test
  void shouldJoinAsADynamicMemberUnlessAnInstanceIdIsSet() {
    Properties dynamic = ConsumerGroup.fromEnv(new EnvReader(Map.of())).applyTo(new Properties());

    assertThat(dynamic).containsEntry("group.id", "agent-connector").doesNotContainKey("group.instance.id");
  }

  @Test
  void shouldJoinAsAStaticMemberWithTheInstanceId() {
    Properties fixed = ConsumerGroup.fromEnv(new EnvReader(Map.of("CONNECTOR_GROUP_ID", "connectors-eu",
        "CONNECTOR_INSTANCE_ID", "connector-0"))).applyTo(new Properties());

    assertThat(fixed).containsEntry("group.id", "connectors-eu").containsEntry("group.instance.id", "connector-0");
  }

  @Test
  void shouldRefuseAnInstanceIdKafkaWouldRefuse() {
    assertThatThrownBy(() -> ConsumerGroup.fromEnv(new EnvReader(Map.of("CONNECTOR_INSTANCE_ID", "pod 0"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONNECTOR_INSTANCE_ID");
    assertThatThrownBy(() -> new ConsumerGroup(" ", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONNECTOR_GROUP_ID");
  }
}
