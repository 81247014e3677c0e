package io.chatrelay.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.bench.load.StreamsReport;
import io.chatrelay.bench.load.StreamsReport.Phase;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The streams scenario's tables, its streamed-versus-whole comparison and its targets. */
final class StreamsVerdicts {

  /**
   * Time to first token, p99. The floor is the connector's 40 ms gathering window plus the Kafka path's own p99 at
   * this load (39–46 ms at 1,000 exchanges/s, docs/benchmarks.md): a browser should see an answer begin within a
   * quarter of a second even in the tail.
   */
  static final double TARGET_FIRST_TOKEN_P99_MS = 250;
  /** The answers keep pace with the questions: the stream is not falling behind. */
  static final double TARGET_KEPT_UP = 0.95;

  private StreamsVerdicts() {}

  static void report(BenchRun run, StreamsReport report, Map<Integer, StepCpu.Reading> cpu) {
    PrintStream out = run.out();
    Phase streamed = report.phase("streamed");
    Phase whole = report.phase("whole");
    out.println();
    Table table = new Table("phase", "questions/s", "answers/s", "deltas/s", "deltas/answer", "first token p50",
        "p99", "p99.9", "max ms", "complete p50", "p99", "max ms", "in flight", "text in deltas", "lost", "mismatched",
        "dup deltas",
        "late", "unexpected", "dup answers");
    for (Phase p : report.phases()) {
      table.row(p.name(), f1(p.rate()), f1(p.answersPerSecond()), f0(p.deltasPerSecond()), f1(p.deltasPerAnswer()),
          p.streamed() ? f1(p.firstToken().p50()) : "-", p.streamed() ? f1(p.firstToken().p99()) : "-",
          p.streamed() ? f1(p.firstToken().p999()) : "-", p.streamed() ? f1(p.firstToken().max()) : "-",
          f1(p.completion().p50()), f1(p.completion().p99()), f1(p.completion().max()),
          f0(p.meanConcurrentStreams()), p.streamed() ? String.format(Locale.ROOT, "%.1f %% (%,d all)",
              p.deltaTextShare() * 100, p.completeInDeltas()) : "-", p.lost(), p.mismatched(), p.duplicatedDeltas(),
          p.lateDeltas(),
          p.unexpectedDeltas(), p.duplicatedAnswers());
    }
    table.print(out);
    if (report.firstMismatch() != null) {
      out.println("first answer whose deltas did not add up: " + report.firstMismatch());
    }
    if (streamed != null && whole != null) {
      cost(run, streamed, whole, cpu.get(1), cpu.get(2));
    }
    verdicts(run, report, streamed);
  }

  private static void cost(BenchRun run, Phase streamed, Phase whole, StepCpu.Reading s, StepCpu.Reading w) {
    if (s == null || w == null) {
      run.out().println("no CPU readings of the product (jcmd missing?): no cost comparison");
      return;
    }
    StreamCost sc = StreamCost.of(s.cpu(), streamed.windowAnswers(), streamed.windowDeltas());
    StreamCost wc = StreamCost.of(w.cpu(), whole.windowAnswers(), whole.windowDeltas());
    Table table = new Table("same answers, same pace", "product cores", "CPU ms/answer", "relay ms/answer "
        + "(no agent, no JIT)", "agent ms/answer", "relay µs/delta", "Redis cores", "load gen. cores",
        "bytes down/answer",
        "bytes up/answer");
    row(table, "streamed (/stream)", sc, s, streamed);
    row(table, "whole (/long), baseline", wc, w, whole);
    run.out().println();
    table.print(run.out());
    ObjectNode json = run.json().putObject("cost");
    json.set("streamed", CpuJson.of(sc, s, streamed));
    json.set("whole", CpuJson.of(wc, w, whole));
    double ratio = StreamCost.ratio(sc.relayMillisPerAnswer(), wc.relayMillisPerAnswer());
    double bytesRatio = StreamCost.ratio(streamed.downBytesPerAnswer(), whole.downBytesPerAnswer());
    double extra = StreamCost.extraMicrosPerDelta(sc, wc);
    json.put("relayCpuPerAnswerStreamedToWhole", ratio).put("cpuPerAnswerStreamedToWhole",
        StreamCost.ratio(sc.millisPerAnswer(), wc.millisPerAnswer())).put("extraRelayMicrosPerDelta", extra)
        .put("downBytesStreamedToWhole", bytesRatio);
    run.out().printf(Locale.ROOT, "%nStreaming an answer costs the relay %.2f × the CPU of the same answer whole "
            + "(%.2f vs %.2f ms; with the demo agent and the JIT %.2f vs %.2f ms): %.0f µs more per delta delivered; "
            + "the browser "
            + "receives %.2f × the bytes (%,.0f vs %,.0f).%n", ratio, sc.relayMillisPerAnswer(),
        wc.relayMillisPerAnswer(), sc.millisPerAnswer(), wc.millisPerAnswer(), extra, bytesRatio,
        streamed.downBytesPerAnswer(), whole.downBytesPerAnswer());
    CpuReport.print(run, "product JVM (relay dev), streamed answers", s.cpu(), streamed.windowAnswers());
    CpuReport.print(run, "product JVM (relay dev), whole answers", w.cpu(), whole.windowAnswers());
  }

  private static void row(Table table, String name, StreamCost c, StepCpu.Reading r, Phase p) {
    double wall = Math.max(1e-3, c.wallSeconds());
    table.row(name, f2(c.cores()), f2(c.millisPerAnswer()), f2(c.relayMillisPerAnswer()),
        f2(StreamCost.ratio(c.agentCpuSeconds() * 1000, c.answers())), c.deltas() == 0 ? "-"
            : f0(c.relayMicrosPerDelta()), f2(r.redisCpuSeconds() / wall), f2(r.loadCpuSeconds() / wall),
        f0(p.downBytesPerAnswer()), f0(p.upBytesPerAnswer()));
  }

  /** The cost figures as they go into the result file. */
  private static final class CpuJson {
    static ObjectNode of(StreamCost c, StepCpu.Reading r, Phase p) {
      double wall = Math.max(1e-3, c.wallSeconds());
      ObjectNode n = io.chatrelay.bench.load.LoadGeneratorMain.JSON.createObjectNode();
      n.put("windowSeconds", c.wallSeconds()).put("answers", c.answers()).put("deltas", c.deltas())
          .put("productCores", c.cores()).put("cpuMillisPerAnswer", c.millisPerAnswer())
          .put("relayCpuMillisPerAnswer", c.relayMillisPerAnswer())
          .put("jitCpuSeconds", c.jitCpuSeconds())
          .put("agentCpuMillisPerAnswer", StreamCost.ratio(c.agentCpuSeconds() * 1000, c.answers()))
          .put("relayCpuMicrosPerDelta", c.relayMicrosPerDelta()).put("redisCores", r.redisCpuSeconds() / wall)
          .put("loadGeneratorCores", r.loadCpuSeconds() / wall).put("downBytesPerAnswer", p.downBytesPerAnswer())
          .put("upBytesPerAnswer", p.upBytesPerAnswer());
      n.set("threads", io.chatrelay.bench.load.LoadGeneratorMain.JSON.valueToTree(r.cpu()));
      return n;
    }
  }

  private static void verdicts(BenchRun run, StreamsReport report, Phase streamed) {
    long faults = report.phases().stream().mapToLong(Phase::faults).sum();
    String detail = report.phases().stream().map(p -> String.format(Locale.ROOT, "%s: %,d answers, lost %d, "
            + "mismatched %d, duplicated deltas %d, late %d, unexpected %d, duplicated answers %d", p.name(),
        p.answered(), p.lost(), p.mismatched(), p.duplicatedDeltas(), p.lateDeltas(), p.unexpectedDeltas(),
        p.duplicatedAnswers())).reduce((a, b) -> a + "; " + b).orElse("no phase measured");
    run.verdict(Verdict.check("every answer complete once, its deltas the beginning of its text, in order, "
            + "nothing repeated", detail,
        faults == 0 && !report.phases().isEmpty(), faults + " answers or frames wrong"));
    run.json().put("faults", faults);
    if (streamed == null || streamed.firstToken().count() == 0) {
      run.verdict(Verdict.notMeasured("time to first token p99 ≤ 250 ms", "no streamed answer measured"));
      return;
    }
    double p99 = streamed.firstToken().p99();
    run.verdict(Verdict.check(String.format(Locale.ROOT, "time to first token p99 ≤ %.0f ms", 
            TARGET_FIRST_TOKEN_P99_MS), String.format(Locale.ROOT, "%.1f ms (p50 %.1f, p99.9 %.1f, max %.1f) at "
            + "%,.0f concurrent streams", p99, streamed.firstToken().p50(), streamed.firstToken().p999(),
            streamed.firstToken().max(), streamed.meanConcurrentStreams()), p99 <= TARGET_FIRST_TOKEN_P99_MS,
        String.format(Locale.ROOT, "missed by %.1f ms", p99 - TARGET_FIRST_TOKEN_P99_MS)));
    double kept = StreamCost.ratio(streamed.answersPerSecond(), streamed.rate());
    run.verdict(Verdict.check("streamed answers keep pace with the questions (≥ 95 %)", String.format(Locale.ROOT,
        "%.1f of %.1f answers/s (%.0f %%), %,.0f deltas/s", streamed.answersPerSecond(), streamed.rate(), kept * 100,
        streamed.deltasPerSecond()), kept >= TARGET_KEPT_UP, String.format(Locale.ROOT, "%.0f %% short",
        (TARGET_KEPT_UP - kept) * 100)));
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
