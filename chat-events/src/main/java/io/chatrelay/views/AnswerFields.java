package io.chatrelay.views;

/**
 * Field names of the answer hash ({@link ViewKeys#answer}): the answer a session's agent is writing, built from its
 * {@code AgentReplyChunk} events and removed when the answer ends. Numbers are decimal strings.
 */
public final class AnswerFields {

  /** The user message being answered. */
  public static final String IN_REPLY_TO = "inReplyTo";
  /** The event id of the answer's first chunk, the id the in-progress message has in the history. */
  public static final String ID = "id";
  public static final String AGENT_TYPE = "agentType";
  /** When the first chunk was written, ISO-8601 UTC. */
  public static final String STARTED_AT = "startedAt";
  /** The index the next chunk must have. */
  public static final String NEXT = "next";
  /** Prefix of the field holding chunk {@code i}'s text: {@code t:0}, {@code t:1}, … */
  public static final String TEXT_PREFIX = "t:";
  /** Prefix of the field holding chunk {@code i}'s seq: {@code s:0}, {@code s:1}, … */
  public static final String SEQ_PREFIX = "s:";

  private AnswerFields() {}
}
