package io.chatrelay.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {

  private static TopicLayout fromEnv(Map<String, String> env) {
    return KafkaSettings.fromEnv(env).chatMessages();
  }

  @Test
  void shouldReplicateThreeTimesWithTwoInSyncOnAClusterOfThreeOrMore() {
    assertThat(TopicLayout.defaults().resolve(3)).isEqualTo(new TopicLayout.Resolved(6, 3, 2));
    assertThat(TopicLayout.defaults().resolve(9)).isEqualTo(new TopicLayout.Resolved(6, 3, 2));
  }

  @Test
  void shouldUseEveryBrokerOfASmallerClusterWithOneInSync() {
    assertThat(TopicLayout.defaults().resolve(1)).isEqualTo(new TopicLayout.Resolved(6, 1, 1));
    assertThat(TopicLayout.defaults().resolve(2)).isEqualTo(new TopicLayout.Resolved(6, 2, 1));
  }

  @Test
  void shouldTakeWhatTheOperatorSet() {
    TopicLayout layout = fromEnv(Map.of("CHAT_MESSAGES_PARTITIONS", "48", "CHAT_MESSAGES_REPLICATION_FACTOR", "5",
        "CHAT_MESSAGES_MIN_INSYNC_REPLICAS", "3"));

    assertThat(layout.resolve(5)).isEqualTo(new TopicLayout.Resolved(48, 5, 3));
  }

  @Test
  void shouldRefuseToCreateMoreReplicasThanBrokersUp() {
    TopicLayout layout = fromEnv(Map.of("CHAT_MESSAGES_REPLICATION_FACTOR", "3"));

    assertThatThrownBy(() -> layout.requireCreatable(layout.resolve(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CHAT_MESSAGES_REPLICATION_FACTOR=3 but the cluster has 1 broker(s) up: add brokers or lower it");
  }

  @Test
  void shouldUseAnExistingTopicWhileABrokerIsDown() {
    TopicLayout defaults = TopicLayout.defaults();
    TopicLayout three = fromEnv(Map.of("CHAT_MESSAGES_REPLICATION_FACTOR", "3"));

    assertThat(defaults.refusal("chat-messages", 6, 3, defaults.resolve(2))).isEmpty();
    assertThat(three.refusal("chat-messages", 6, 3, three.resolve(2))).isEmpty();
    assertThat(three.refusal("chat-messages", 6, 2, three.resolve(3))).isPresent();
  }

  @Test
  void shouldRefuseMoreInSyncReplicasThanReplicas() {
    assertThatThrownBy(() -> fromEnv(Map.of("CHAT_MESSAGES_REPLICATION_FACTOR", "2",
        "CHAT_MESSAGES_MIN_INSYNC_REPLICAS", "3"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CHAT_MESSAGES_MIN_INSYNC_REPLICAS").hasMessageContaining("must not exceed");
    TopicLayout onlyInSync = fromEnv(Map.of("CHAT_MESSAGES_MIN_INSYNC_REPLICAS", "2"));
    // The default replication on one broker is 1: two in sync could never be had.
    assertThatThrownBy(() -> onlyInSync.resolve(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not exceed the replication factor 1");
    assertThatThrownBy(() -> fromEnv(Map.of("CHAT_MESSAGES_PARTITIONS", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHAT_MESSAGES_PARTITIONS");
  }

  @Test
  void shouldTakeAnExistingTopicAsItIsWhenPartitionsAreNotSet() {
    TopicLayout layout = TopicLayout.defaults();

    assertThat(layout.refusal("chat-messages", 3, 1, layout.resolve(1))).isEmpty();
    assertThat(layout.refusal("chat-messages", 64, 3, layout.resolve(3))).isEmpty();
  }

  @Test
  void shouldRefuseAnExistingTopicWithOtherPartitionsThanSet() {
    TopicLayout layout = TopicLayout.ofPartitions(12);

    assertThat(layout.refusal("chat-messages", 6, 1, layout.resolve(1))).hasValueSatisfying(why ->
        assertThat(why).startsWith("chat-messages has 6 partitions but CHAT_MESSAGES_PARTITIONS=12.")
            .contains("docs/operators.md"));
  }

  @Test
  void shouldRefuseAnUnderReplicatedTopicOnABiggerCluster() {
    TopicLayout layout = TopicLayout.defaults();

    assertThat(layout.refusal("chat-messages", 6, 1, layout.resolve(3))).hasValueSatisfying(why ->
        assertThat(why).startsWith("chat-messages has replication factor 1 but 3 is expected (the default for a "
            + "cluster of this size).").contains("CHAT_MESSAGES_REPLICATION_FACTOR=1"));
  }

  @Test
  void shouldAddMinInSyncReplicasToTheTopicsSettings() {
    assertThat(new TopicLayout.Resolved(6, 3, 2).topicConfig(Map.of("retention.ms", "-1")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("retention.ms", "-1", "min.insync.replicas", "2"));
  }
}
