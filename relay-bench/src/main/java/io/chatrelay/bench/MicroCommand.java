package io.chatrelay.bench;

import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.Mode;
import io.chatrelay.bench.internal.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "micro", mixinStandardHelpOptions = true,
    description = "JMH microbenchmarks of the per-event hot paths: the log's event serde (ChatEventSerde), a history "
        + "entry as JSON (MessageView), and the projector's batch write to a real Redis (ViewApplier). Writes JMH's "
        + "JSON next to the benchmark's own.")
public final class MicroCommand implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Option(names = "--include", paramLabel = "REGEX", defaultValue = ".*",
      description = "Only benchmarks whose name matches (default: all).")
  String include;

  @Override
  public Integer call() throws RunnerException {
    BenchRun run = new BenchRun("micro", options.mode(), options.resultsDir(), System.out);
    String jmhFile = run.workDir().resolve("jmh.json").toString();
    ChainedOptionsBuilder jmh = new OptionsBuilder()
        .include("io\\.chatrelay\\.bench\\.micro\\..*" + include)
        .jvmArgs("-Xmx512m", "-Djava.io.tmpdir=" + run.workDir().resolve("tmp"))
        .resultFormat(ResultFormatType.JSON).result(jmhFile)
        .shouldFailOnError(true);
    configure(jmh, options.mode());
    Collection<RunResult> results = new Runner(jmh.build()).run();
    List<Map<String, Object>> rows = new ArrayList<>();
    Table table = new Table("benchmark", "score", "± error", "unit");
    for (RunResult r : results) {
      var primary = r.getPrimaryResult();
      String name = r.getParams().getBenchmark().replace("io.chatrelay.bench.micro.", "")
          + r.getParams().getParamsKeys().stream().map(k -> " " + k + "=" + r.getParams().getParam(k))
          .collect(Collectors.joining());
      table.row(name, String.format(Locale.ROOT, "%,.2f", primary.getScore()),
          Double.isNaN(primary.getScoreError()) ? "" : String.format(Locale.ROOT, "%,.2f", primary.getScoreError()),
          primary.getScoreUnit());
      rows.add(Map.of("benchmark", name, "score", primary.getScore(), "error",
          Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError(), "unit", primary.getScoreUnit()));
    }
    run.out().println();
    table.print(run.out());
    run.put("benchmarks", rows);
    run.json().put("jmhResults", jmhFile).put("lost", 0);
    run.finish();
    return 0;
  }

  private static void configure(ChainedOptionsBuilder jmh, Mode mode) {
    switch (mode) {
      // The smoke proves the harness, not the figures: the write path runs on one Redis server only there.
      case SMOKE -> jmh.forks(0).warmupIterations(0).measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200)).param("redisShape", "single");
      case QUICK -> jmh.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3)
          .measurementTime(TimeValue.seconds(1));
      case FULL -> jmh.forks(2).warmupIterations(5).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
          .measurementTime(TimeValue.seconds(2));
    }
  }
}
