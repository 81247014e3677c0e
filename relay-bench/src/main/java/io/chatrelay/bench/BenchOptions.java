package io.chatrelay.bench;

import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.Jfr;
import io.chatrelay.bench.internal.Mode;
import io.chatrelay.bench.internal.ProductStack;
import io.chatrelay.bench.load.LoadGeneratorMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every load scenario shares. */
public final class BenchOptions {

  @Option(names = "--quick", description = "At most a minute: enough to see that nothing regressed.")
  boolean quick;

  @Option(names = "--smoke", description = "A few seconds: proves the harness works, judges nothing.")
  boolean smoke;

  @Option(names = "--results-dir", paramLabel = "DIR",
      description = "Where results go (default: bench-results in the project folder).")
  Path resultsDir;

  @Option(names = "--stack-heap", defaultValue = "1g", paramLabel = "SIZE",
      description = "-Xmx of the product's JVM, as RELAY_HEAP for ./relay dev (default: ${DEFAULT-VALUE}).")
  String stackHeap;

  @Option(names = "--jfr", description = "Record the product with JDK Flight Recorder and print its hot spots.")
  boolean jfr;

  @Option(names = "--stack-env", paramLabel = "NAME=VALUE",
      description = "A setting for the product, as an environment variable (repeatable), e.g. "
          + "--stack-env PROJECTOR_FLUSH_INTERVAL_MS=1 to measure what a setting changes.")
  Map<String, String> stackEnv = new LinkedHashMap<>();

  /** These options again as command-line arguments, for a scenario run from another command. */
  String[] arguments() {
    List<String> args = new ArrayList<>();
    if (smoke) {
      args.add("--smoke");
    } else if (quick) {
      args.add("--quick");
    }
    args.add("--results-dir");
    args.add(resultsDir().toString());
    return args.toArray(String[]::new);
  }

  public Mode mode() {
    return smoke ? Mode.SMOKE : quick ? Mode.QUICK : Mode.FULL;
  }

  public Path resultsDir() {
    return resultsDir != null ? resultsDir
        : Path.of(System.getProperty("relay.bench.results", System.getProperty("relay.home", ".") + "/bench-results"));
  }

  /** The product's start-up options for this run; {@code env} adds to the benchmark's settings. */
  public ProductStack.Options stack(BenchRun run, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(stackEnv);
    if (!stackEnv.isEmpty()) {
      run.json().set("stackEnv", LoadGeneratorMain.JSON.valueToTree(stackEnv));
      run.out().println("product settings changed for this run: " + stackEnv);
    }
    return new ProductStack.Options(stackHeap, all, jfr ? jfrFile(run, "stack") : null, run.workDir());
  }

  public Path jfrFile(BenchRun run, String process) {
    return jfr ? run.workDir().resolve(process + ".jfr") : null;
  }

  /** After the recorded process stopped: its hot spots into the results and onto the console. */
  public void hotSpots(BenchRun run, String process) {
    if (!jfr) {
      return;
    }
    Path file = jfrFile(run, process);
    Jfr.HotSpots spots = Jfr.summarise(file, 15);
    run.json().with("hotSpots").set(process, LoadGeneratorMain.JSON.valueToTree(spots));
    run.out().printf(Locale.ROOT, "%nHot spots of the %s JVM (%,d CPU samples, %s):%n", process, spots.samples(),
        file);
    run.out().println("  by library:");
    spots.libraries().forEach((k, v) -> run.out().printf(Locale.ROOT, "    %5.1f%%  %s%n", pct(v, spots), k));
    run.out().println("  top frames:");
    spots.topFrames().forEach((k, v) -> run.out().printf(Locale.ROOT, "    %5.1f%%  %s%n", pct(v, spots), k));
    run.out().println("  first product frame on the stack:");
    spots.productFrames().forEach((k, v) -> run.out().printf(Locale.ROOT, "    %5.1f%%  %s%n", pct(v, spots), k));
  }

  private static double pct(long v, Jfr.HotSpots spots) {
    return spots.samples() == 0 ? 0 : v * 100.0 / spots.samples();
  }
}
