package io.chatrelay.events;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the product. */
public final class Topics {

  /**
   * The conversation log: every event of every session, key = sessionId (UTF-8 string), value = one
   * {@link ChatEvent} as JSON. Kept forever, because history and views are rebuilt from it.
   */
  public static final Topic<String, ChatEvent> CHAT_MESSAGES =
      new Topic<>("chat-messages", Serdes.String(), new ChatEventSerde());

  public static final int DEFAULT_PARTITIONS = 6;

  /**
   * Per agent persona and minute, the activity of the conversations: key = {@code <agentType>@<minute>}
   * ({@link AgentMinuteStats#key()}), value = {@link AgentMinuteStats} as JSON. Compacted: the last record per key is
   * the current figure of that minute. Holds no personal data.
   */
  public static final Topic<String, AgentMinuteStats> CHAT_ANALYTICS =
      new Topic<>("chat-analytics", Serdes.String(), new JsonSerde<>(AgentMinuteStats.class));

  /** A few records a minute: one partition keeps them in time order for whoever charts them. */
  public static final int CHAT_ANALYTICS_PARTITIONS = 1;

  private Topics() {}

  /** The settings {@link #CHAT_MESSAGES} is created with. */
  public static Map<String, String> chatMessagesConfig() {
    return Map.of(
        TopicConfig.RETENTION_MS_CONFIG, "-1",
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
  }

  /** The settings {@link #CHAT_ANALYTICS} is created with. */
  public static Map<String, String> chatAnalyticsConfig() {
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
  }
}
