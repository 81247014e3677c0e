package io.chatrelay.demoagent.internal;

/**
 * A well-formed {@code "type":"cancel"} frame: the client no longer wants the answer to one of its messages.
 *
 * @param id the cancel frame's own {@code id}, or null when it has none (nothing answers a cancel)
 * @param inReplyTo the id of the message whose answer is to stop
 */
public record CancelRequest(String id, String inReplyTo) implements InboundFrame {}
