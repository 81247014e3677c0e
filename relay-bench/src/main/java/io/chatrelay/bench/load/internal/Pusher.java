package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.ConnectPlan;
import io.chatrelay.bench.load.ConnectReport;
import io.chatrelay.bench.load.Percentiles;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * After the hold: one REST message into each (sampled) session, then waits until every open socket of those
 * sessions received it as a live event.
 */
final class Pusher {

  private static final int CONCURRENCY = 16;

  private final Api api;
  private final Ramp ramp;
  private final ConnectPlan plan;
  private final PrintStream out;

  Pusher(Api api, Ramp ramp, ConnectPlan plan, PrintStream out) {
    this.api = api;
    this.ramp = ramp;
    this.plan = plan;
    this.out = out;
  }

  ConnectReport.Push run() throws InterruptedException {
    ramp.mark();
    int perSession = plan.socketsPerSession();
    int sessions = (ramp.size() + perSession - 1) / perSession;
    long[] postedAt = new long[sessions];
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    AtomicInteger refused = new AtomicInteger();
    long start = System.nanoTime();
    int pushed = 0;
    for (int s = 0; s < sessions; s += plan.pushStride()) {
      inFlight.acquire();
      postedAt[s] = System.nanoTime();
      pushed++;
      api.postMessageAsync(ramp.sessionOf(s * perSession), "A pushed message for every open tab")
          .whenComplete((answer, error) -> {
            if (error != null || answer.status() != 200) {
              refused.incrementAndGet();
            }
            inFlight.release();
          });
    }
    inFlight.acquire(CONCURRENCY);
    long deadline = System.nanoTime() + plan.pushTimeoutSeconds() * 1_000_000_000L;
    int[] counts;
    while ((counts = count(postedAt, null))[1] < counts[0] && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Histogram latency = Percentiles.newMicrosHistogram();
    counts = count(postedAt, latency);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "process %d: pushed to %,d sessions (%d refused): %,d of %,d sockets received it in "
        + "%.1f s%n", plan.process(), pushed, refused.get(), counts[1], counts[0], seconds);
    return new ConnectReport.Push(pushed, counts[0], counts[1], seconds, Percentiles.ofMicros(latency));
  }

  /**
   * {sockets of pushed sessions, of those how many heard it}; a socket dropped meanwhile counts as not having heard
   * it. Records latencies when asked.
   */
  private int[] count(long[] postedAt, Histogram latency) {
    int sockets = 0;
    int heard = 0;
    for (int i = 0; i < ramp.size(); i++) {
      long posted = postedAt[i / plan.socketsPerSession()];
      if (posted == 0 || !ramp.opened(i)) {
        continue;
      }
      sockets++;
      long at = ramp.heardAt(i);
      if (at > 0) {
        heard++;
        if (latency != null) {
          latency.recordValue(Math.max(1, (at - posted) / 1000));
        }
      }
    }
    return new int[] {sockets, heard};
  }
}
