package io.chatrelay.edge.live.internal;

import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.UserMessage;

/** The id a client gave the request an event was written for; a resend is recognised by it. */
final class ClientIds {

  private ClientIds() {}

  /** The event's client id, or null when it has none (an event no client asked for, or one sent without an id). */
  static String of(ChatEvent event) {
    if (event instanceof UserMessage message) {
      return message.clientMessageId();
    }
    if (event instanceof CancelRequested cancel) {
      return cancel.clientMessageId();
    }
    if (event instanceof AnswerFeedback feedback) {
      return feedback.clientMessageId();
    }
    return null;
  }
}
