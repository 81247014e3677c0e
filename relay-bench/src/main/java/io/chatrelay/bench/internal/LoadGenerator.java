package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.LoadGeneratorMain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a task of the load generator in a child JVM of its own: writes the plan, relays its progress lines, waits,
 * and reads the report back.
 */
public final class LoadGenerator {

  private static final String HEAP = "1g";

  private final Path workDir;
  private final PrintStream out;
  private int runs;

  public LoadGenerator(Path workDir, PrintStream out) {
    this.workDir = workDir;
    this.out = out;
  }

  public <R> R run(String task, Object plan, Class<R> reportType, Duration timeout) {
    return run(task, plan, reportType, timeout, line -> { });
  }

  /** @param events gets the lines starting with {@code @} (machine-readable events), which are not printed */
  public <R> R run(String task, Object plan, Class<R> reportType, Duration timeout, Consumer<String> events) {
    return runWatched(task, plan, reportType, timeout, pid -> events);
  }

  /** @param events given the load generator's pid, gets the lines starting with {@code @} */
  public <R> R runWatched(String task, Object plan, Class<R> reportType, Duration timeout,
      java.util.function.LongFunction<Consumer<String>> events) {
    AtomicReference<Consumer<String>> sink = new AtomicReference<>(line -> { });
    Started started = start(task, plan, line -> {
      if (line.startsWith("@")) {
        sink.get().accept(line);
      } else {
        out.println("  | " + line);
      }
    });
    sink.set(events.apply(started.child().pid()));
    return await(task, started, reportType, timeout);
  }

  private <R> R await(String task, Started started, Class<R> reportType, Duration timeout) {
    try (ChildJvm child = started.child()) {
      int exit = child.waitFor(timeout);
      if (exit != 0) {
        throw new IllegalStateException("load generator (" + task + ") " + (exit < 0 ? "timed out" : "failed")
            + "; see " + child.log() + "\n" + child.tail(20));
      }
      return LoadGeneratorMain.JSON.readValue(started.report().toFile(), reportType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A load generator left running, for tasks that take commands on stdin. */
  public record Started(ChildJvm child, Path report) {

    public <R> R report(Class<R> type) {
      try {
        return LoadGeneratorMain.JSON.readValue(report.toFile(), type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public Started start(String task, Object plan, Consumer<String> echo) {
    int n = ++runs;
    Path planFile = workDir.resolve("load-" + task + "-" + n + "-plan.json");
    Path reportFile = workDir.resolve("load-" + task + "-" + n + "-report.json");
    try {
      LoadGeneratorMain.JSON.writerWithDefaultPrettyPrinter().writeValue(planFile.toFile(), plan);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + HEAP, "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError"));
    ChildJvm child = ChildJvm.start("load-" + task + "-" + n, Classpaths.load(), jvm,
        LoadGeneratorMain.class.getName(), List.of(task, planFile.toString(), reportFile.toString()), Map.of(),
        65_536, workDir.resolve("load-" + task + "-" + n + ".log"), echo);
    return new Started(child, reportFile);
  }
}
