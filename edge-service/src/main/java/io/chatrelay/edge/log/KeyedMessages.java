package io.chatrelay.edge.log;

import io.chatrelay.edge.api.NewMessageRequest;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.events.ChatEvent;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Stores a message sent with an {@code Idempotency-Key} once, however often the request is retried and on whichever
 * edge instance. The key is the message's client id: a browser's WebSocket frame with the same id is the same
 * message.
 */
public interface KeyedMessages {

  /**
   * Where the message is, and what it is.
   *
   * @param replayed true when an earlier request with the same key stored it, and this one stored nothing
   */
  record Sent(ChatLog.Ack ack, ChatEvent event, boolean replayed) {}

  /**
   * Completes with the stored message; fails with a {@link Problem}: {@code 422} when the key already stands for a
   * different message, {@code 503} when nothing is known to be stored (the client sends it again, same key).
   *
   * @param worker where the blocking work (Redis, and the log on a retry) runs
   */
  CompletionStage<Sent> send(SessionView session, String key, NewMessageRequest message, Executor worker);

  /** Like {@link #send}, for a request to stop the answer to the user message {@code inReplyTo}. */
  CompletionStage<Sent> cancel(SessionView session, String key, UUID inReplyTo, Executor worker);

  /** Like {@link #send}, for a rating of the answer to {@code inReplyTo}; {@code comment} may be null. */
  CompletionStage<Sent> rate(SessionView session, String key, UUID inReplyTo, String rating, String comment,
      Executor worker);
}
