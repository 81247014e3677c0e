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

  @Option(names = "--stack-jvm", paramLabel = "OPTION",
      description = "A JVM option for the product's JVM (repeatable), after the ones ./relay uses, e.g. "
          + "--stack-jvm=-XX:MaxGCPauseMillis=5 to measure what a collector setting changes.")
  List<String> stackJvm = new ArrayList<>();

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
    if (!stackJvm.isEmpty()) {
      run.json().set("stackJvm", LoadGeneratorMain.JSON.valueToTree(stackJvm));
      run.out().println("product JVM options added for this run: " + stackJvm);
    }
    return new ProductStack.Options(stackHeap, List.copyOf(stackJvm), all, jfr ? jfrFile(run, "stack") : null,
        run.workDir());
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
    print(run, spots.samples(), spots.libraries(), spots.topFrames(), spots.productFrames());
    Jfr.Allocation allocation = spots.allocation();
    run.out().printf(Locale.ROOT, "Allocation hot spots (%,d MiB sampled):%n", allocation.bytes() >> 20);
    print(run, allocation.bytes(), allocation.libraries(), allocation.topFrames(), allocation.productFrames());
    run.out().println("  classes:");
    allocation.classes().forEach((k, v) -> run.out().printf(Locale.ROOT, "    %5.1f%%  %s%n",
        pct(v, allocation.bytes()), k));
    Jfr.Pauses pauses = spots.pauses();
    run.out().printf(Locale.ROOT, "GC: %,d collections, %.0f ms of pauses in %.0f s (%.1f %% of the time), "
        + "longest %.1f ms%n", pauses.count(), pauses.totalMs(), pauses.seconds(), pauses.share() * 100,
        pauses.longestMs());
  }

  private static void print(BenchRun run, long total, Map<String, Long> libraries, Map<String, Long> topFrames,
      Map<String, Long> productFrames) {
    run.out().println("  by library:");
    libraries.forEach((k, v) -> run.out().printf(Locale.ROOT, "    %5.1f%%  %s%n", pct(v, total), k));
    run.out().println("  top frames:");
    topFrames.forEach((k, v) -> run.out().printf(Locale.ROOT, "    %5.1f%%  %s%n", pct(v, total), k));
    run.out().println("  first product frame on the stack:");
    productFrames.forEach((k, v) -> run.out().printf(Locale.ROOT, "    %5.1f%%  %s%n", pct(v, total), k));
  }

  private static double pct(long v, long total) {
    return total == 0 ? 0 : v * 100.0 / total;
  }
}
