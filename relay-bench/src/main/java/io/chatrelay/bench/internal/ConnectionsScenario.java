package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.ConnectPlan;
import io.chatrelay.bench.load.ConnectReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code connections} scenario: idle browser WebSockets ramped onto one edge (its own JVM, so heap and resident
 * memory are the edge's), from several load generator processes and local addresses, held, then each session sent a
 * REST message that every socket of it must receive.
 */
public final class ConnectionsScenario {

  /** Open files the edge keeps for itself: the broker and Redis connections, its jars, its listener. */
  private static final int EDGE_RESERVE = 1_000;

  private ConnectionsScenario() {}

  public static void run(BenchRun run, ProductStack stack, ConnectionsSettings s, Path edgeJfr) {
    PrintStream out = run.out();
    Map<String, String> env = Map.of("WS_MAX_CONNECTIONS", Integer.toString(s.target() + EDGE_RESERVE));
    run.out().println("starting one more edge (relay edge) in a JVM of its own ...");
    try (EdgeProcess edge = new EdgeProcess(stack, s.edgeHeap(), env, edgeJfr, run.workDir(),
        s.target() + 2 * EDGE_RESERVE)) {
      long limit = EdgeGauge.openFilesLimit(edge.pid());
      int target = limit > 0 ? (int) Math.min(s.target(), limit - EDGE_RESERVE) : s.target();
      run.json().put("edgeOpenFilesLimit", limit).put("targetRequested", s.target()).put("targetRun", target);
      if (target < s.target()) {
        out.printf(Locale.ROOT, "the edge's open files limit is %,d (ulimit -Hn; raising it needs privileges this "
            + "machine does not grant): ramping to %,d sockets instead of %,d%n", limit, target, s.target());
      }
      EdgeGauge gauge = new EdgeGauge(edge.pid(), edge.opsUrl());
      List<LoadGenerator.Started> loads = startLoads(run, edge.baseUrl(), s, target);
      try {
        Measured m = drive(run, loads, gauge, s);
        ConnectionsReport.report(run, s, target, m);
      } finally {
        loads.forEach(l -> l.child().close());
      }
    }
  }

  /** What the orchestration measured around the load generators' own reports. */
  record Measured(EdgeGauge.Reading before, EdgeGauge.Reading held, List<EdgeGauge.Reading> timeline,
      List<ConnectReport> reports) {}

  private static List<LoadGenerator.Started> startLoads(BenchRun run, String baseUrl, ConnectionsSettings s,
      int target) {
    LoadGenerator load = new LoadGenerator(run.workDir(), run.out());
    int processes = (target + ConnectionsSettings.PER_PROCESS - 1) / ConnectionsSettings.PER_PROCESS;
    String runId = UUID.randomUUID().toString().substring(0, 8);
    List<LoadGenerator.Started> loads = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      int sockets = target / processes + (p < target % processes ? 1 : 0);
      // Each process connects from addresses of its own: every address has its own range of ephemeral ports.
      List<String> from = List.of("127.0.0." + (2 + 2 * p), "127.0.0." + (3 + 2 * p));
      ConnectPlan plan = new ConnectPlan(baseUrl, runId, p, sockets, s.socketsPerSession(), from,
          Math.max(1, s.concurrency() / processes), s.pushStride(), s.pushTimeoutSeconds());
      loads.add(load.start("connect", plan, line -> {
        if (!line.startsWith("@")) {
          run.out().println("  | " + line);
        }
      }));
    }
    return loads;
  }

  private static Measured drive(BenchRun run, List<LoadGenerator.Started> loads, EdgeGauge gauge,
      ConnectionsSettings s) {
    awaitAll(loads, "sessions", Duration.ofMinutes(15));
    EdgeGauge.Reading before = gauge.afterGc();
    run.out().printf(Locale.ROOT, "edge before the ramp: heap %s after GC, RSS %s, %,d open files%n",
        mib(before.heapBytes()), mib(before.rssBytes()), before.openFiles());
    loads.forEach(l -> l.child().tell("connect"));
    List<EdgeGauge.Reading> timeline = new ArrayList<>();
    while (!allPrinted(loads, "connected")) {
      timeline.add(gauge.now());
      sleep(Duration.ofSeconds(2));
    }
    run.out().printf(Locale.ROOT, "holding for %d s ...%n", s.holdSeconds());
    sleep(Duration.ofSeconds(s.holdSeconds()));
    EdgeGauge.Reading held = gauge.afterGc();
    run.out().printf(Locale.ROOT, "edge holding the sockets: heap %s after GC, RSS %s, %,d open files%n",
        mib(held.heapBytes()), mib(held.rssBytes()), held.openFiles());
    loads.forEach(l -> l.child().tell("push"));
    awaitAll(loads, "pushed", Duration.ofSeconds(s.pushTimeoutSeconds() + 600L));
    loads.forEach(l -> l.child().tell("quit"));
    List<ConnectReport> reports = new ArrayList<>();
    for (LoadGenerator.Started l : loads) {
      try {
        if (l.child().waitFor(Duration.ofMinutes(2)) != 0) {
          throw new IllegalStateException("load generator failed; see " + l.child().log());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      reports.add(l.report(ConnectReport.class));
    }
    return new Measured(before, held, timeline, reports);
  }

  private static void awaitAll(List<LoadGenerator.Started> loads, String event, Duration timeout) {
    loads.forEach(l -> l.child().await(Pattern.compile("^@" + event + " "), timeout));
  }

  private static boolean allPrinted(List<LoadGenerator.Started> loads, String event) {
    for (LoadGenerator.Started l : loads) {
      try {
        l.child().await(Pattern.compile("^@" + event + " "), Duration.ZERO);
      } catch (IllegalStateException e) {
        if (!l.child().alive()) {
          throw e;
        }
        return false;
      }
    }
    return true;
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
