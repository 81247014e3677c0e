package io.chatrelay.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a figure came from: CPUs, model, memory, Java, and how busy it was when the run began (load
 * average). Who else used it during the run is recorded when the run ends.
 */
public record MachineInfo(int cpus, String cpuModel, double memoryGiB, String java, double[] loadAverage) {

  public static MachineInfo now() {
    String model = "unknown";
    double gib = 0;
    try {
      model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
      gib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L) / 1024.0 / 1024.0;
    } catch (IOException | RuntimeException e) {
      // not Linux: the CPU count and Java version still say something
    }
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), model, gib,
        System.getProperty("java.version"), currentLoadAverage());
  }

  public static double[] currentLoadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    } catch (IOException | RuntimeException e) {
      return new double[] {-1, -1, -1};
    }
  }

  public String describe() {
    return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB RAM, Java %s, load average %.2f %.2f %.2f", cpus,
        cpuModel, memoryGiB, java, loadAverage[0], loadAverage[1], loadAverage[2]);
  }
}
