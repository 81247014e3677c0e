package io.chatrelay.connector.internal;

/**
 * What the log already holds about a user message that has no answer yet, found when a partition is taken over:
 * part of a streamed answer written by the connector that owned it before, or the user's request to stop.
 *
 * @param text the text of the chunks already written, in order
 * @param chunks how many chunks were written
 * @param cancelled whether a {@code CancelRequested} for it is in the log
 */
public record LogPrior(String text, int chunks, boolean cancelled) {

  public static final LogPrior NONE = new LogPrior("", 0, false);

  /** Whether the message must not be asked again: its answer was started or stopped already. */
  public boolean settled() {
    return chunks > 0 || cancelled;
  }
}
