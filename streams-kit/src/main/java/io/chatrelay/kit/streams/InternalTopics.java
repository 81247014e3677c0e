package io.chatrelay.kit.streams;

import io.chatrelay.kit.TopicLayout;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The replication of a Streams service's internal topics (changelogs, repartition topics). Left alone, Streams uses
 * the broker's {@code default.replication.factor}, 1 unless an operator changed it, and a broker lost would lose
 * the service's state; here they are replicated as {@code chat-messages} is.
 */
public final class InternalTopics {

  private InternalTopics() {}

  /** {@code streams} with this layout's replication, unless a {@code KAFKA_*} setting there chose already. */
  public static Properties replicatedAs(Properties streams, TopicLayout.Resolved layout) {
    streams.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(layout.replicationFactor()));
    streams.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
        Integer.toString(layout.minInsyncReplicas()));
    return streams;
  }
}
