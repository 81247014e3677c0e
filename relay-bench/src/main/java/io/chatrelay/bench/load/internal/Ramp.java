package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.ConnectPlan;
import io.chatrelay.bench.load.ConnectReport;
import io.chatrelay.bench.load.Percentiles;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Opens the idle sockets, a bounded number of handshakes at a time, and remembers when each socket first heard an
 * event after {@link #mark()}.
 */
final class Ramp implements BrowserSocket.Listener {

  private final ConnectPlan plan;
  private final Sockets factory;
  private final List<Api.Session> sessions;
  private final PrintStream out;
  private final BrowserSocket[] sockets;
  private final AtomicLongArray heardAt;
  private final Histogram all = Percentiles.newMicrosHistogram();
  private final Recorder stage = new Recorder(1, 600_000_000L, 3);
  private final List<ConnectReport.Stage> stages = new ArrayList<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final LongAdder closed = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private volatile boolean marked;
  private double seconds;

  Ramp(ConnectPlan plan, Sockets factory, List<Api.Session> sessions, PrintStream out) {
    this.plan = plan;
    this.factory = factory;
    this.sessions = sessions;
    this.out = out;
    this.sockets = new BrowserSocket[plan.sockets()];
    this.heardAt = new AtomicLongArray(plan.sockets());
  }

  void run() throws InterruptedException {
    Semaphore inFlight = new Semaphore(plan.concurrency());
    CountDownLatch done = new CountDownLatch(plan.sockets());
    String ws = plan.baseUrl().replaceFirst("^http", "ws");
    int stageSize = Math.max(1, plan.sockets() / 10);
    long start = System.nanoTime();
    long stageStart = start;
    for (int i = 0; i < plan.sockets(); i++) {
      inFlight.acquire();
      Api.Session session = sessionOf(i);
      int index = i;
      long begun = System.nanoTime();
      factory.connect(URI.create(ws + "/api/v1/sessions/" + session.sessionId() + "/ws"),
          Map.of("Origin", plan.baseUrl(), "Cookie", "session=" + session.cookie())).whenComplete((channel, error) -> {
            if (error == null) {
              long micros = Math.max(1, (System.nanoTime() - begun) / 1000);
              synchronized (all) {
                all.recordValue(micros);
              }
              stage.recordValue(micros);
              sockets[index] = new BrowserSocket(index, channel, this, sendFailures);
              open.incrementAndGet();
            } else {
              failed.incrementAndGet();
              if (failures.size() < 10) {
                failures.add(error.toString());
              }
            }
            inFlight.release();
            done.countDown();
          });
      if ((i + 1) % stageSize == 0) {
        stageStart = endStage(stageStart);
      }
    }
    done.await();
    seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "process %d: %,d sockets open, %,d failed, in %.1f s (%,.0f handshakes/s)%n",
        plan.process(), open.get(), failed.get(), seconds, handshakesPerSecond());
  }

  private long endStage(long stageStart) {
    long now = System.nanoTime();
    Histogram h = stage.getIntervalHistogram();
    double rate = h.getTotalCount() / Math.max(1e-3, (now - stageStart) / 1e9);
    ConnectReport.Stage s = new ConnectReport.Stage(open.get(), rate, Percentiles.ofMicros(h));
    stages.add(s);
    out.printf(Locale.ROOT, "process %d: %,d open, %,.0f handshakes/s, p50 %.1f ms, p99 %.1f ms%n", plan.process(),
        s.open(), rate, s.handshake().p50(), s.handshake().p99());
    return now;
  }

  Api.Session sessionOf(int socket) {
    return sessions.get(socket / plan.socketsPerSession());
  }

  @Override
  public void onText(BrowserSocket socket, String text) {
    if (marked && (text.contains("\"type\":\"message\"") || text.contains("\"type\":\"response\""))) {
      heardAt.compareAndSet(socket.index(), 0, System.nanoTime());
    }
  }

  @Override
  public void onClosed(BrowserSocket socket) {
    closed.increment();
  }

  void mark() {
    marked = true;
  }

  long heardAt(int socket) {
    return heardAt.get(socket);
  }

  boolean opened(int socket) {
    return sockets[socket] != null;
  }

  int size() {
    return sockets.length;
  }

  int closedCount() {
    return (int) closed.sum();
  }

  void closeAll() {
    for (BrowserSocket s : sockets) {
      if (s != null) {
        s.close();
      }
    }
  }

  int open() {
    return open.get();
  }

  int failed() {
    return failed.get();
  }

  double seconds() {
    return seconds;
  }

  double handshakesPerSecond() {
    return open.get() / Math.max(1e-3, seconds);
  }

  Histogram handshakes() {
    synchronized (all) {
      return all.copy();
    }
  }

  List<ConnectReport.Stage> stages() {
    return List.copyOf(stages);
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  Map<String, Object> summary() {
    return Map.of("open", open.get(), "failed", failed.get(), "seconds", seconds, "handshakesPerSecond",
        handshakesPerSecond());
  }
}
