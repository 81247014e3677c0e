package io.chatrelay.bench.internal;

import java.util.Locale;
import java.util.Map;

/** Prints and records where a process spent its CPU during a load run. */
final class CpuReport {

  private static final int SHOWN = 15;

  private CpuReport() {}

  /**
   * The product's CPU per measured step of the exchange load; the breakdown by thread group of the busiest step
   * that was sustained (or of the last one).
   */
  static void steps(BenchRun run, io.chatrelay.bench.load.ExchangeReport relay,
      Map<Integer, StepCpu.Reading> readings) {
    var json = run.json().putArray("productCpuPerStep");
    StepCpu.Reading shown = null;
    String shownName = null;
    for (int i = 1; i <= relay.steps().size(); i++) {
      StepCpu.Reading r = readings.get(i);
      if (r == null) {
        continue;
      }
      var step = relay.steps().get(i - 1);
      double wall = Math.max(1e-3, r.cpu().getOrDefault("wall", 1.0));
      double loadCores = r.loadCpuSeconds() / wall;
      double redisCores = r.redisCpuSeconds() / wall;
      json.addObject().put("rate", step.rate()).put("cores", r.cores()).put("cpuMillisPerExchange",
          r.millisPerExchange()).put("loadGeneratorCores", loadCores).put("redisCores", redisCores)
          .set("threads", io.chatrelay.bench.load.LoadGeneratorMain.JSON.valueToTree(r.cpu()));
      run.out().printf(Locale.ROOT, "product CPU at %,d/s: %.2f cores, %.2f ms per exchange; its Redis %.2f cores; "
          + "the load generator %.2f cores%n", step.rate(), r.cores(), r.millisPerExchange(), redisCores, loadCores);
      if (shown == null || step.sustained(ExchangeScenario.SUSTAINED_P99_MS)) {
        shown = r;
        shownName = String.format(Locale.ROOT, "product JVM (relay dev) at %,d/s", step.rate());
      }
    }
    if (shown != null) {
      print(run, shownName, shown.cpu(), shown.replies());
    }
  }

  /** @param work what the run achieved (exchanges, requests), to give CPU time per unit of it */
  static void print(BenchRun run, String what, Map<String, Double> cpu, long work) {
    run.json().with("cpu").set(what, io.chatrelay.bench.load.LoadGeneratorMain.JSON.valueToTree(cpu));
    double wall = cpu.getOrDefault("wall", 0.0);
    double total = cpu.getOrDefault("total", 0.0);
    if (total == 0) {
      return;
    }
    run.out().printf(Locale.ROOT, "%nCPU of the %s: %.1f s over %.1f s (%.2f cores)%s%n", what, total, wall,
        total / Math.max(wall, 1e-3), work > 0 ? String.format(Locale.ROOT, ", %.2f ms per exchange",
            total * 1000 / work) : "");
    cpu.entrySet().stream().filter(e -> !e.getKey().equals("wall") && !e.getKey().equals("total")).limit(SHOWN)
        .forEach(e -> run.out().printf(Locale.ROOT, "  %5.1f%%  %6.2f s  %s%n", e.getValue() * 100 / total,
            e.getValue(), e.getKey()));
  }
}
