package io.chatrelay.launcher.tools.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What a benchmark figure needs next to it: the machine it was taken on, and Redis' own speed there. */
public final class Machine {

  private Machine() {}

  /** e.g. {@code 2 CPUs (Intel Xeon …), 23.4 GiB RAM, Java 17.0.12}. */
  public static String describe() {
    String cpu = "unknown CPU";
    long memKb = 0;
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
      memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
    } catch (IOException | RuntimeException e) {
      // not Linux: the CPU count and Java version still say something
    }
    return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB RAM, Java %s", Runtime.getRuntime().availableProcessors(),
        cpu, memKb / 1024.0 / 1024.0, System.getProperty("java.version"));
  }

  /** {@code redis-benchmark}'s pipelined SET rate against the Redis on {@code port}, or why there is none. */
  public static String redisBenchmark(int port) {
    try {
      Process process = new ProcessBuilder(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
          Integer.toString(port), "-t", "set", "-n", "1000000", "-P", "16", "-q")).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        return "redis-benchmark failed: " + output.strip();
      }
      // e.g. "SET: 1234567.88 requests per second, p50=0.375 msec"; progress lines end with \r.
      String[] parts = output.split("[\r\n]");
      for (int i = parts.length - 1; i >= 0; i--) {
        if (parts[i].startsWith("SET:") && parts[i].contains("requests per second")) {
          return parts[i].trim();
        }
      }
      return "redis-benchmark said: " + output.strip();
    } catch (IOException e) {
      return "redis-benchmark not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
