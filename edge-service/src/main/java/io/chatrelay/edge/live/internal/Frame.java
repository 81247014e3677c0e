package io.chatrelay.edge.live.internal;

/**
 * One server frame about an event of the session, ready to send.
 *
 * @param seq the event's log offset
 * @param json the frame as sent
 * @param inReplyTo for a reply or error, the user message it answers (only its first answer is shown); for a delta,
 *     the message whose answer it continues; else null
 * @param clientMessageId for a user message sent over the WebSocket, the id its sender gave it, else null
 * @param delta true for a piece of an answer still being written: it does not answer the message, and is not shown
 *     once the message has its answer
 */
public record Frame(long seq, String json, String inReplyTo, String clientMessageId, boolean delta) {

  public Frame(long seq, String json, String inReplyTo, String clientMessageId) {
    this(seq, json, inReplyTo, clientMessageId, false);
  }
}
