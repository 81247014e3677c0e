package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.ConnectReport;
import io.chatrelay.bench.load.Percentiles;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The connections scenario's figures, targets and chart. */
final class ConnectionsReport {

  static final long HEAP_PER_CONNECTION_TARGET = 16 * 1024;

  private ConnectionsReport() {}

  static void report(BenchRun run, ConnectionsSettings s, int target, ConnectionsScenario.Measured m) {
    PrintStream out = run.out();
    int open = 0;
    int failed = 0;
    int dropped = 0;
    int sockets = 0;
    int received = 0;
    double rampSeconds = 0;
    double worstP99 = 0;
    double pushSeconds = 0;
    for (ConnectReport r : m.reports()) {
      open += r.open();
      failed += r.failed();
      dropped += r.droppedWhileHeld();
      sockets += r.push().sockets();
      received += r.push().received();
      rampSeconds = Math.max(rampSeconds, r.rampSeconds());
      worstP99 = Math.max(worstP99, r.handshake().p99());
      pushSeconds = Math.max(pushSeconds, r.push().seconds());
    }
    long heapDelta = m.held().heapBytes() - m.before().heapBytes();
    long rssDelta = m.held().rssBytes() - m.before().rssBytes();
    double heapPer = open == 0 ? 0 : heapDelta / (double) open;
    double rssPer = open == 0 ? 0 : rssDelta / (double) open;
    double rate = open / Math.max(1e-3, rampSeconds);
    run.put("loads", m.reports());
    run.put("edgeBefore", m.before());
    run.put("edgeHeld", m.held());
    run.put("edgeTimeline", m.timeline());
    run.json().put("open", open).put("failed", failed).put("droppedWhileHeld", dropped)
        .put("handshakesPerSecond", rate).put("heapBytesPerConnection", heapPer).put("rssBytesPerConnection", rssPer)
        .put("heapFor50000ConnectionsMiB", heapPer * ConnectionsSettings.TARGET / 1024 / 1024)
        .put("pushedSockets", sockets).put("pushReceived", received)
        .put("lost", sockets - received).put("lostMeans", "sockets of pushed sessions that did not get the event");
    out.println();
    Table table = new Table("figure", "value");
    table.row("sockets open on one edge", String.format(Locale.ROOT, "%,d of %,d wanted (%,d failed)", open,
        s.target(), failed));
    table.row("handshakes/s (ramp)", String.format(Locale.ROOT, "%,.0f (worst process p99 %.1f ms)", rate, worstP99));
    table.row("edge heap after GC, before → holding", ConnectionsScenario.mib(m.before().heapBytes()) + " → "
        + ConnectionsScenario.mib(m.held().heapBytes()));
    table.row("edge RSS, before → holding", ConnectionsScenario.mib(m.before().rssBytes()) + " → "
        + ConnectionsScenario.mib(m.held().rssBytes()));
    table.row("heap per idle connection", String.format(Locale.ROOT, "%,.0f B (%.1f KiB)", heapPer, heapPer / 1024));
    table.row("RSS per idle connection", String.format(Locale.ROOT, "%,.0f B (%.1f KiB)", rssPer, rssPer / 1024));
    table.row("dropped while held", Integer.toString(dropped));
    table.row("pushed event received", String.format(Locale.ROOT, "%,d of %,d sockets (%s) in %.1f s", received,
        sockets, s.pushStride() == 1 ? "every session" : "every " + s.pushStride() + "th session", pushSeconds));
    table.print(out);
    verdicts(run, s, open, heapPer, sockets, received, target);
    chart(run, m.reports());
  }

  private static void verdicts(BenchRun run, ConnectionsSettings s, int open, double heapPer, int sockets,
      int received, int target) {
    String goal = "50,000 concurrent browser WebSockets on one edge";
    if (s.target() < ConnectionsSettings.TARGET) {
      run.verdict(Verdict.notMeasured(goal, String.format(Locale.ROOT, "this mode ramps to %,d (%,d open)",
          s.target(), open)));
    } else {
      String why = target < s.target() ? String.format(Locale.ROOT, "; the edge's open files limit allows %,d",
          target) : "";
      run.verdict(Verdict.check(goal, String.format(Locale.ROOT, "%,d open%s", open, why),
          open >= ConnectionsSettings.TARGET, ExchangeVerdicts.shortfall(open, ConnectionsSettings.TARGET)));
    }
    run.verdict(Verdict.check("≤ 16 KiB edge heap per idle connection", String.format(Locale.ROOT,
        "%.1f KiB (%,.0f MiB for 50,000)", heapPer / 1024, heapPer * ConnectionsSettings.TARGET / 1024 / 1024),
        heapPer <= HEAP_PER_CONNECTION_TARGET, String.format(Locale.ROOT, "missed by %.1f KiB",
            (heapPer - HEAP_PER_CONNECTION_TARGET) / 1024)));
    run.verdict(Verdict.check("every connection still gets a pushed event", String.format(Locale.ROOT,
        "%,d of %,d sockets%s", received, sockets, s.pushStride() == 1 ? "" : " (a sample: every "
            + s.pushStride() + "th session)"), received == sockets && sockets > 0 && s.pushStride() == 1,
        (sockets - received) + " sockets missed it"));
  }

  /** Handshake latency per tenth of the ramp against the sockets open by then (all processes together). */
  private static void chart(BenchRun run, List<ConnectReport> reports) {
    List<LatencyChart.Point> points = new ArrayList<>();
    int stages = reports.stream().mapToInt(r -> r.stages().size()).min().orElse(0);
    for (int k = 0; k < stages; k++) {
      int open = 0;
      Percentiles worst = Percentiles.NONE;
      for (ConnectReport r : reports) {
        ConnectReport.Stage st = r.stages().get(k);
        open += st.open();
        if (st.handshake().p99() >= worst.p99()) {
          worst = st.handshake();
        }
      }
      points.add(new LatencyChart.Point(open, worst));
    }
    LatencyChart.write(run.chartFile(), "WebSocket handshakes while ramping idle connections (" + run.mode().label()
        + ")", "connections open on the edge", List.of(new LatencyChart.Series("handshake", points)), List.of());
  }
}
