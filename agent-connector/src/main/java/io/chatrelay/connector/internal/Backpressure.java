package io.chatrelay.connector.internal;

/**
 * When to stop reading and when to read again. Pausing at the limit and resuming only at half of it gives the
 * hysteresis that keeps the consumer from flapping between paused and running on every finished record.
 */
public final class Backpressure {

  /** What the poll loop should do with its partitions. */
  public enum Action { PAUSE, RESUME, KEEP }

  private final int limit;
  private boolean paused;

  public Backpressure(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    this.limit = limit;
  }

  /**
   * The action for {@code unfinished} records now. PAUSE repeats while over the limit, so partitions assigned
   * during a pause are paused too.
   */
  public Action update(int unfinished) {
    if (unfinished >= limit) {
      paused = true;
      return Action.PAUSE;
    }
    if (paused && unfinished <= limit / 2) {
      paused = false;
      return Action.RESUME;
    }
    return paused ? Action.PAUSE : Action.KEEP;
  }

  public boolean paused() {
    return paused;
  }
}
