package io.chatrelay.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.Topics;
import io.chatrelay.infra.EmbeddedKafka;
import io.chatrelay.infra.JvmExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The log as every service creates or checks it at start, on a real (single) broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicBootstrapIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String LOG = Topics.CHAT_MESSAGES.name();

  private EmbeddedKafka kafka;
  private Admin admin;
  private TopicLayout.Resolved created;

  @BeforeAll
  void start(@TempDir Path dir) {
    kafka = EmbeddedKafka.start(dir, 0, JvmExit.CALLER_CLOSES, Map.of());
    admin = Admin.create(KafkaSettings.of(kafka.bootstrapServers()).admin("bootstrap-it"));
    created = TopicBootstrap.ensureChatMessages(admin, TopicLayout.defaults(), TIMEOUT);
  }

  @AfterAll
  void stop() {
    admin.close();
    kafka.close();
  }

  @Test
  void shouldCreateTheLogForTheClusterItFinds() throws Exception {
    TopicDescription log = admin.describeTopics(List.of(LOG)).allTopicNames().get(30, TimeUnit.SECONDS).get(LOG);
    Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, LOG))).all()
        .get(30, TimeUnit.SECONDS).values().iterator().next();

    assertThat(created).isEqualTo(new TopicLayout.Resolved(6, 1, 1));
    assertThat(log.partitions()).hasSize(6).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
    assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("1");
    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
  }

  @Test
  void shouldUseTheLogAsItIsOrAsSet() {
    assertThat(TopicBootstrap.ensureChatMessages(admin, TopicLayout.defaults(), TIMEOUT)).isEqualTo(created);
    assertThat(TopicBootstrap.ensureChatMessages(admin, 6, TIMEOUT)).isEqualTo(created);
  }

  @Test
  void shouldRefuseToStartOnALogWithOtherPartitionsThanSet() {
    assertThatThrownBy(() -> TopicBootstrap.ensureChatMessages(admin, TopicLayout.ofPartitions(12), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chat-messages has 6 partitions but CHAT_MESSAGES_PARTITIONS=12.");
  }

  @Test
  void shouldRefuseToStartOnALogReplicatedOtherwiseThanSet() {
    TopicLayout three = KafkaSettings.fromEnv(Map.of("CHAT_MESSAGES_REPLICATION_FACTOR", "3")).chatMessages();

    assertThatThrownBy(() -> TopicBootstrap.ensureChatMessages(admin, three, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chat-messages has replication factor 1 but 3 is expected "
            + "(CHAT_MESSAGES_REPLICATION_FACTOR).");
  }
}
