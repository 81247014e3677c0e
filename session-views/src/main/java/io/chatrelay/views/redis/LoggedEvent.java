package io.chatrelay.views.redis;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import java.util.Optional;

/**
 * One record of {@code chat-messages} as the views see it: where it sits in the log and the event it holds.
 *
 * @param partition the record's partition
 * @param offset the record's offset, which becomes the event's {@code seq}
 * @param event the event, or null when the record could not be read as one (it still moves the position)
 */
public record LoggedEvent(int partition, long offset, ChatEvent event) {

  public LoggedEvent {
    if (partition < 0) {
      throw new IllegalArgumentException("partition=" + partition + " is invalid: must be >= 0");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset=" + offset + " is invalid: must be >= 0");
    }
  }

  public static LoggedEvent of(ChatEvent event, int partition, long offset) {
    return new LoggedEvent(partition, offset, java.util.Objects.requireNonNull(event, "event"));
  }

  /** A record that is not a chat event: applying it only advances the partition's position. */
  public static LoggedEvent unreadable(int partition, long offset) {
    return new LoggedEvent(partition, offset, null);
  }

  public Optional<ChatEvent> chatEvent() {
    return Optional.ofNullable(event);
  }

  /** {@code chat-messages-2@41}, the form every log line uses. */
  public String where() {
    return Topics.CHAT_MESSAGES.name() + "-" + partition + "@" + offset;
  }

  public String type() {
    return event == null ? "unreadable" : event.type();
  }
}
