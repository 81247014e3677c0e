package io.chatrelay.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.bench.load.LoadGeneratorMain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run of one scenario: where its files go ({@code <scenario>-<timestamp>.json} and {@code .svg} in the results
 * directory; logs and plans in a folder of the same name), the machine it ran on, the targets it checked.
 */
public final class BenchRun {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private final String scenario;
  private final Mode mode;
  private final Path resultsDir;
  private final Path workDir;
  private final String name;
  private final PrintStream out;
  private final Instant started = Instant.now();
  private final OtherProcesses others = OtherProcesses.fromNow();
  private final ObjectNode json = LoadGeneratorMain.JSON.createObjectNode();
  private final List<Verdict> verdicts = new ArrayList<>();

  public BenchRun(String scenario, Mode mode, Path resultsDir, PrintStream out) {
    this.scenario = scenario;
    this.mode = mode;
    this.resultsDir = resultsDir;
    this.name = scenario + "-" + STAMP.format(started);
    this.workDir = resultsDir.resolve(name);
    this.out = out;
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + workDir, e);
    }
    MachineInfo machine = MachineInfo.now();
    json.put("scenario", scenario).put("mode", mode.label()).put("startedAt", started.toString());
    json.set("machine", LoadGeneratorMain.JSON.valueToTree(machine));
    out.printf(Locale.ROOT, "bench %s (%s) on %s%n", scenario, mode.label(), machine.describe());
  }

  public Mode mode() {
    return mode;
  }

  public Path workDir() {
    return workDir;
  }

  public PrintStream out() {
    return out;
  }

  public ObjectNode json() {
    return json;
  }

  public void put(String field, Object value) {
    json.set(field, LoadGeneratorMain.JSON.valueToTree(value));
  }

  public void verdict(Verdict verdict) {
    verdicts.add(verdict);
  }

  public List<Verdict> verdicts() {
    return List.copyOf(verdicts);
  }

  public Path chartFile() {
    return resultsDir.resolve(name + ".svg");
  }

  /** Writes the JSON (with the end-of-run load and the verdicts), prints the verdicts; returns the file. */
  public Path finish() {
    Instant finished = Instant.now();
    json.put("finishedAt", finished.toString());
    json.put("seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
    json.set("loadAverageAtEnd", LoadGeneratorMain.JSON.valueToTree(MachineInfo.currentLoadAverage()));
    List<String> busy = others.busiest(5);
    json.set("busiestOtherProcesses", LoadGeneratorMain.JSON.valueToTree(busy));
    if (!busy.isEmpty()) {
      out.println("also busy on this machine during the run: " + String.join("; ", busy));
    }
    ArrayNode targets = json.putArray("targets");
    verdicts.forEach(v -> targets.add((JsonNode) LoadGeneratorMain.JSON.valueToTree(v)));
    Path file = resultsDir.resolve(name + ".json");
    try {
      LoadGeneratorMain.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    if (!verdicts.isEmpty()) {
      out.println();
      out.println("Targets:");
      verdicts.forEach(v -> out.println("  " + v.line()));
    }
    out.println();
    out.println("Results: " + file + (Files.exists(chartFile()) ? " and " + chartFile() : ""));
    out.println("Logs:    " + workDir);
    return file;
  }
}
