package io.chatrelay.kit.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * The stream threads' recent failures. A replaced thread that fails again and again within minutes is failing on
 * the same input (a record the broker will never take, say), and the service gets nothing past it done while its
 * state still reads RUNNING between failures; readiness should say so. One failure now and then is not that.
 */
final class ThreadFailures {

  static final int LIMIT = 3;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Clock clock;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private String lastCause = "";

  ThreadFailures(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  synchronized void record(Throwable failure) {
    Instant now = clock.instant();
    recent.addLast(now);
    forgetBefore(now.minus(WINDOW));
    lastCause = rootCause(failure).getClass().getSimpleName();
  }

  /** What readiness says when the thread failed {@value #LIMIT} times or more within {@link #WINDOW}. */
  synchronized Optional<String> failing() {
    forgetBefore(clock.instant().minus(WINDOW));
    if (recent.size() < LIMIT) {
      return Optional.empty();
    }
    return Optional.of("the stream thread failed " + recent.size() + " times in the last " + WINDOW.toMinutes()
        + " minutes, the last with " + lastCause + " (see the log)");
  }

  private void forgetBefore(Instant cutoff) {
    while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
      recent.removeFirst();
    }
  }

  /** The innermost cause: its class names the problem; its message may quote data, so it stays in the log. */
  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
