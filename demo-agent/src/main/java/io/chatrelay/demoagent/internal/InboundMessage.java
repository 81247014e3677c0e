package io.chatrelay.demoagent.internal;

/**
 * A well-formed {@code "type":"message"} frame.
 *
 * @param agentType {@code metadata.agentType} as sent, or null when absent
 */
public record InboundMessage(String id, String content, String agentType) implements InboundFrame {}
