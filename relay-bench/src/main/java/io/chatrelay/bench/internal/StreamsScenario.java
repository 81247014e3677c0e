package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.StreamsReport;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The {@code streams} scenario: browsers asking for long streamed answers, their time to first token and whether
 * every answer's deltas add up to its text; then, against the same product, sockets and sessions, the same answers
 * sent whole (the demo agent's {@code /long}: same text, at the moment the stream would have ended), so that the
 * CPU and bytes one answer costs can be compared with and without its deltas.
 */
public final class StreamsScenario {

  private StreamsScenario() {}

  public static void run(BenchRun run, ProductStack stack, StreamsSettings s) {
    LoadGenerator load = new LoadGenerator(run.workDir(), run.out());
    String runId = UUID.randomUUID().toString().substring(0, 8);
    run.put("settings", s);
    run.json().with("settings").put("periodMillis", s.periodMillis()).put("streamMillis", s.streamMillis())
        .put("settleSeconds", s.settleSeconds()).put("questionsPerSecond", s.plan("", runId).rate());
    run.out().printf("%,d clients, answers of %d words at %d words/s (%.1f s each), a question per client every "
        + "%.2f s%n", s.clients(), s.tokens(), s.tokensPerSecond(), s.streamMillis() / 1000.0,
        s.periodMillis() / 1000.0);
    StepCpu[] cpu = new StepCpu[1];
    Duration timeout = Duration.ofSeconds(s.warmupSeconds() + 2L * s.seconds() + 900);
    StreamsReport report = load.runWatched("streams", s.plan(stack.baseUrl(), runId), StreamsReport.class, timeout,
        pid -> {
          cpu[0] = new StepCpu(stack.pid(), pid);
          return cpu[0];
        });
    run.put("streams", report);
    StreamsVerdicts.report(run, report, cpu[0].readings());
    StreamsReport.Phase streamed = report.phase("streamed");
    StreamsReport.Phase whole = report.phase("whole");
    if (streamed != null && whole != null) {
      LatencyChart.write(run.chartFile(), "Streamed answers, " + s.clients() + " browsers (" + run.mode().label()
              + ")", "answers per second", List.of(
              new LatencyChart.Series("first token (streamed)",
                  List.of(new LatencyChart.Point(streamed.answersPerSecond(), streamed.firstToken()))),
              new LatencyChart.Series("answer complete (streamed)",
                  List.of(new LatencyChart.Point(streamed.answersPerSecond(), streamed.completion()))),
              new LatencyChart.Series("answer complete (whole, baseline)",
                  List.of(new LatencyChart.Point(whole.answersPerSecond(), whole.completion())))),
          List.of(new LatencyChart.Line("first token target", StreamsVerdicts.TARGET_FIRST_TOKEN_P99_MS)));
    }
  }
}
