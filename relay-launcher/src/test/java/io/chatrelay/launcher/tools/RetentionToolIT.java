package io.chatrelay.launcher.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.Topics;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.kit.KafkaSettings;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({RelayInfraExtension.class, ToolFixture.PerTest.class})
class RetentionToolIT {

  private ToolFixture fixture;

  @BeforeEach
  void start(ToolFixture fixture) {
    this.fixture = fixture;
  }

  @AfterEach
  void stop() {
    fixture.run(new RetentionCommand(), "--forever");
  }

  private Config topicConfig() throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CHAT_MESSAGES.name());
    try (Admin admin = Admin.create(KafkaSettings.of(fixture.infra.bootstrapServers()).admin("retention-it"))) {
      return admin.describeConfigs(List.of(topic)).all().get().get(topic);
    }
  }

  @Test
  void shouldSetTheErasurePolicyOnTheTopicAndReportIt() throws Exception {
    ToolFixture.Run set = fixture.run(new RetentionCommand(), "--days", "30");

    assertThat(set.status()).as(set.err()).isZero();
    assertThat(set.out()).contains("keeps events 30 days").contains("at most 31 days after it was written");
    Config config = topicConfig();
    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
        .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
    assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value())
        .isEqualTo(Long.toString(Duration.ofDays(1).toMillis()));
    assertThat(fixture.run(new RetentionCommand()).out()).contains("keeps events 30 days");
  }

  @Test
  void shouldGoBackToKeepingEventsForEver() throws Exception {
    fixture.run(new RetentionCommand(), "--days", "7");

    ToolFixture.Run run = fixture.run(new RetentionCommand(), "--forever");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("keeps events for ever");
    assertThat(topicConfig().get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
    assertThat(topicConfig().get(TopicConfig.SEGMENT_MS_CONFIG).isDefault()).isTrue();
  }
}
