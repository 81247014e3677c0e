package io.chatrelay.kit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.kit.TopicLayout;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class InternalTopicsTest {

  @Test
  void shouldReplicateInternalTopicsAsTheLogIs() {
    Properties streams = InternalTopics.replicatedAs(new Properties(), new TopicLayout.Resolved(6, 3, 2));

    assertThat(streams).containsEntry("replication.factor", "3").containsEntry("topic.min.insync.replicas", "2");
  }

  @Test
  void shouldLeaveAReplicationTheOperatorChoseThroughKafkaSettings() {
    Properties chosen = new Properties();
    chosen.put("replication.factor", "5");

    assertThat(InternalTopics.replicatedAs(chosen, new TopicLayout.Resolved(6, 3, 2)))
        .containsEntry("replication.factor", "5").containsEntry("topic.min.insync.replicas", "2");
  }
}
