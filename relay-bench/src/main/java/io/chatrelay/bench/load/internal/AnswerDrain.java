package io.chatrelay.bench.load.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits until the agent has answered every message the POST phases stored, so the history reads after them are
 * measured on the product, not on the backlog of agent exchanges those phases left behind (at 64 clients the POSTs
 * outpace the exchanges this machine can run). Each POST is one user message and gets one reply, so a session is
 * done when it holds twice as many entries as POSTs were accepted into it.
 */
final class AnswerDrain {

  private static final long TIMEOUT_NANOS = 120_000_000_000L;

  private final Api api;
  private final Map<Api.Session, AtomicLong> accepted = new ConcurrentHashMap<>();

  AnswerDrain(Api api) {
    this.api = api;
  }

  /** One POST into {@code session} was answered 200. */
  void accepted(Api.Session session) {
    accepted.computeIfAbsent(session, s -> new AtomicLong()).incrementAndGet();
  }

  /** Waits (at most two minutes) and says how long it took, or how much was still missing. */
  void await(PrintStream out) throws InterruptedException {
    long start = System.nanoTime();
    long missing = missing();
    while (missing > 0 && System.nanoTime() - start < TIMEOUT_NANOS) {
      Thread.sleep(500);
      missing = missing();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (missing == 0) {
      out.printf(Locale.ROOT, "the agent has answered every posted message (waited %.1f s)%n", seconds);
    } else {
      out.printf(Locale.ROOT, "still %,d answers missing after %.0f s; reading history anyway%n", missing, seconds);
    }
  }

  private long missing() {
    long missing = 0;
    for (Map.Entry<Api.Session, AtomicLong> e : accepted.entrySet()) {
      missing += Math.max(0, 2 * e.getValue().get() - api.messageCount(e.getKey()));
    }
    return missing;
  }
}
