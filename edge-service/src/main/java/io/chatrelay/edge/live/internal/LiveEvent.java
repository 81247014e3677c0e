package io.chatrelay.edge.live.internal;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;

/**
 * An event read from the log, with the frame browsers get for it.
 *
 * @param frame null when the event is not shown live (a session being created)
 */
public record LiveEvent(int partition, long offset, ChatEvent event, Frame frame) {

  public static LiveEvent of(int partition, long offset, ChatEvent event) {
    return new LiveEvent(partition, offset, event, LiveFrames.ofEvent(event, offset).orElse(null));
  }

  @Override
  public String toString() {
    return event.type() + " sessionId=" + event.sessionId() + " at " + Topics.CHAT_MESSAGES.name() + "-" + partition
        + "@" + offset;
  }
}
