package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.Percentiles;
import io.chatrelay.bench.load.RestReport.Throughput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code clients} threads, each sending its next request as soon as the last was answered, for a fixed time: the
 * throughput a number of keep-alive clients get, and the latency each request saw.
 */
final class ClosedLoop {

  /** One client's request; true when the answer was the expected one. */
  interface Request {
    boolean send() throws Exception;
  }

  private ClosedLoop() {}

  /** @param clientFactory makes client {@code i}'s request (it may sign in first: that is not timed) */
  static Throughput run(String what, int clients, int seconds, IntFunction<Request> clientFactory, PrintStream out)
      throws InterruptedException {
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      requests.add(clientFactory.apply(i));
    }
    Histogram latency = new ConcurrentHistogram(1, 600_000_000L, 3);
    LongAdder errors = new LongAdder();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (Request request : requests) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          long sent = System.nanoTime();
          boolean ok;
          try {
            ok = request.send();
          } catch (Exception e) {
            ok = false;
          }
          if (ok) {
            latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
          } else {
            errors.increment();
          }
        }
      }, what + "-client");
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double took = (System.nanoTime() - start) / 1e9;
    Percentiles p = Percentiles.ofMicros(latency);
    Throughput result = new Throughput(what, clients, p.count(), errors.sum(), took, p.count() / took, p);
    out.printf(Locale.ROOT, "%s, %d client(s): %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, errors %d%n", what,
        clients, result.perSecond(), p.p50(), p.p99(), result.errors());
    return result;
  }
}
