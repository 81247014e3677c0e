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

  private Topics() {}

  /** The settings {@link #CHAT_MESSAGES} is created with. */
  public static Map<String, String> chatMessagesConfig() {
    return Map.of(
        TopicConfig.RETENTION_MS_CONFIG, "-1",
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
  }
}
