package io.chatrelay.views.redis;

/**
 * Where a replay of one session reads in {@code chat-messages}: from {@code offset} to the partition's end, leaving
 * out {@code [skipFrom, skipTo)}, a stretch the projector has already read and in which the session's view took no
 * event (see {@link SessionLog#locate(String, java.util.Map, Long, java.time.Instant)}).
 *
 * @param partition the session's partition
 * @param offset the first offset to read; the session has no event before it
 * @param foundBy how it was found, for operators: {@code view} (the view's {@code firstSeq}), {@code session id}
 *     (the creation time inside a version-7 id), {@code view createdAt}, {@code since} (a time the caller gave), or
 *     {@code partition start} (nothing known: the whole partition is read)
 */
public record SessionStart(int partition, long offset, String foundBy, long skipFrom, long skipTo) {

  public SessionStart(int partition, long offset, String foundBy) {
    this(partition, offset, foundBy, 0, 0);
  }

  /** True when a stretch of the partition is left out. */
  public boolean skips() {
    return skipTo > skipFrom;
  }
}
