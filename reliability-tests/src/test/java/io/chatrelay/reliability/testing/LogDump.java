package io.chatrelay.reliability.testing;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.redis.LogReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/** The whole of {@code chat-messages} as it is now, read without a consumer group. */
public final class LogDump {

  /** One record; {@code event} is null for a record that is not a chat event. */
  public record Entry(int partition, long offset, String key, ChatEvent event) {}

  private final List<Entry> entries;

  private LogDump(List<Entry> entries) {
    this.entries = entries;
  }

  public static LogDump read(String bootstrapServers) {
    List<Entry> entries = new ArrayList<>();
    try (LogReader reader = new LogReader(KafkaSettings.of(bootstrapServers), "reliability-log-dump")) {
      List<TopicPartition> partitions = reader.partitions();
      Map<TopicPartition, Long> from = reader.beginningOffsets(partitions);
      Map<TopicPartition, Long> until = reader.endOffsets(partitions);
      reader.read(from, until, record -> {
        ChatEvent event;
        try {
          event = ChatEventSerde.fromBytes(record.value());
        } catch (SerializationException e) {
          event = null;
        }
        entries.add(new Entry(record.partition(), record.offset(), record.key(), event));
        return true;
      }, () -> false);
    }
    return new LogDump(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<Entry> matching(Predicate<ChatEvent> wanted) {
    return entries.stream().filter(e -> e.event() != null && wanted.test(e.event())).toList();
  }

  public List<UserMessage> userMessages() {
    return matching(e -> e instanceof UserMessage).stream().map(e -> (UserMessage) e.event()).toList();
  }

  /** Per user message id, how many replies or errors answer it. */
  public Map<UUID, Long> outcomesPerMessage() {
    return matching(e -> e instanceof AgentReply || e instanceof AgentError && ((AgentError) e).inReplyTo() != null)
        .stream().map(e -> e.event() instanceof AgentReply r ? r.inReplyTo() : ((AgentError) e.event()).inReplyTo())
        .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
  }

  /** Records of one session, in log order. */
  public List<Entry> session(String sessionId) {
    return entries.stream().filter(e -> sessionId.equals(e.key())).toList();
  }
}
