package io.chatrelay.bench.load;

/** One stretch of open-loop load: {@code rate} messages per second, all clients together, for {@code seconds}. */
public record Step(int rate, int seconds) {

  public Step {
    if (rate < 1 || seconds < 1) {
      throw new IllegalArgumentException("a step needs a rate and a duration of at least 1, got " + rate + "/s for "
          + seconds + " s");
    }
  }
}
