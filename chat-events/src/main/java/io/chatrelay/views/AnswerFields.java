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
  /** The text so far: every chunk's content, in order. */
  public static final String TEXT = "text";
  /**
   * Where each chunk sits, so a reader can send only the text after a given seq: {@code seq:bytes,} per chunk,
   * {@code bytes} being the UTF-8 length of its content.
   */
  public static final String MARKS = "marks";
  /** The seq of the last chunk taken. */
  public static final String LAST_SEQ = "lastSeq";

  private AnswerFields() {}
}
