package io.chatrelay.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of a JVM by thread group between two readings: which part of the product (broker request handlers, the
 * edge's I/O threads, the projector's stream thread, a producer's network thread, the JIT, GC) used the CPU. Read
 * with {@code jcmd <pid> Thread.print}, which gives every thread's full name and CPU time; names are grouped by
 * dropping numbers and ids.
 */
public final class ThreadCpu {

  private static final Pattern THREAD = Pattern.compile("^\"(.+?)\" .*?cpu=([0-9.]+)(ms|s) ");
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final long pid;
  private final Map<String, Double> start;
  private final long startNanos = System.nanoTime();

  private ThreadCpu(long pid) {
    this.pid = pid;
    this.start = read(pid);
  }

  public static ThreadCpu start(long pid) {
    return new ThreadCpu(pid);
  }

  /**
   * CPU seconds per thread group since {@link #start}, largest first; "wall" is the seconds that passed and
   * "total" the CPU seconds of all threads (a JVM's threads that ended meanwhile are not counted).
   */
  public Map<String, Double> since() {
    Map<String, Double> now = read(pid);
    Map<String, Double> used = new HashMap<>();
    now.forEach((group, seconds) -> {
      double delta = seconds - start.getOrDefault(group, 0.0);
      if (delta > 0.005) {
        used.put(group, delta);
      }
    });
    Map<String, Double> sorted = new LinkedHashMap<>();
    sorted.put("wall", (System.nanoTime() - startNanos) / 1e9);
    sorted.put("total", used.values().stream().mapToDouble(Double::doubleValue).sum());
    used.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0));
    return sorted;
  }

  private static Map<String, Double> read(long pid) {
    Map<String, Double> groups = new HashMap<>();
    try {
      Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid), "Thread.print")).redirectErrorStream(true).start();
      String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      for (String line : dump.split("\n")) {
        Matcher m = THREAD.matcher(line);
        if (m.find()) {
          double value = Double.parseDouble(m.group(2)) / ("ms".equals(m.group(3)) ? 1000 : 1);
          groups.merge(group(m.group(1)), value, Double::sum);
        }
      }
    } catch (IOException e) {
      // no jcmd: no breakdown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return groups;
  }

  /** User and system CPU seconds a whole process used so far, from {@code /proc/<pid>/stat}; 0 when unknown. */
  public static double processSeconds(long pid) {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {@code XNIO-1 I/O-2} becomes {@code XNIO-1 I/O}; ids and trailing numbers go. */
  static String group(String thread) {
    String name = UUID.matcher(thread).replaceAll("*");
    String before;
    do {
      before = name;
      name = name.replaceAll("[-#_ ]?\\d+$", "");
    } while (!name.equals(before));
    return name;
  }
}
