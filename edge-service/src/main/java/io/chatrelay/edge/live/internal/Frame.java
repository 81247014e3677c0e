package io.chatrelay.edge.live.internal;

/**
 * One server frame about an event of the session, ready to send.
 *
 * @param seq the event's log offset
 * @param json the frame as sent
 * @param inReplyTo for a reply or error, the user message it answers (only its first answer is shown), else null
 * @param clientMessageId for a user message sent over the WebSocket, the id its sender gave it, else null
 */
public record Frame(long seq, String json, String inReplyTo, String clientMessageId) {}
