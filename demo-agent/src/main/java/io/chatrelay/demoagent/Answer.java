package io.chatrelay.demoagent;

/**
 * What a persona says to a question.
 *
 * @param text the reply, plain text (it may quote the question verbatim; clients render it as text)
 * @param confidence 0..1, how sure the persona is; a recognised topic scores higher than the fallback
 */
public record Answer(String text, double confidence) {}
