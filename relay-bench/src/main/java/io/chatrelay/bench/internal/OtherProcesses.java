package io.chatrelay.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What else is using the CPU while the benchmark runs: two readings of {@code /proc/<pid>/stat} a second apart,
 * leaving out this process and its children, so a figure taken on a shared machine says who it shared it with.
 */
final class OtherProcesses {

  private OtherProcesses() {}

  static List<String> busiest(int n) {
    try {
      Set<Long> ours = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
      ours.add(ProcessHandle.current().pid());
      Map<Long, Long> first = ticks();
      Thread.sleep(1000);
      Map<Long, Long> second = ticks();
      List<long[]> busy = new ArrayList<>();
      second.forEach((pid, t) -> {
        Long before = first.get(pid);
        if (before != null && !ours.contains(pid) && t - before > 5) {
          busy.add(new long[] {pid, t - before});
        }
      });
      busy.sort(Comparator.comparingLong((long[] a) -> a[1]).reversed());
      List<String> out = new ArrayList<>();
      for (long[] b : busy.subList(0, Math.min(n, busy.size()))) {
        out.add(String.format(Locale.ROOT, "%s (pid %d) %d%% CPU", command(b[0]), b[0], b[1]));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** utime + stime per pid, in clock ticks (100 per second on Linux). */
  private static Map<Long, Long> ticks() {
    Map<Long, Long> out = new java.util.HashMap<>();
    ProcessHandle.allProcesses().forEach(p -> {
      try {
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        out.put(p.pid(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
      } catch (IOException | RuntimeException e) {
        // gone meanwhile
      }
    });
    return out;
  }

  private static String command(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(c -> Path.of(c).getFileName().toString())
        .orElse("?") + ProcessHandle.of(pid).flatMap(h -> h.info().arguments())
        .map(a -> " " + mainOf(a)).orElse("").stripTrailing();
  }

  /** What a command runs (a jar, a main class, a script), without paths or options. */
  private static String mainOf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-cp") || a.equals("-classpath")) {
        i++;
      } else if (a.equals("-jar") && i + 1 < args.length) {
        return fileName(args[i + 1]);
      } else if (!a.startsWith("-")) {
        return fileName(a);
      }
    }
    return "";
  }

  private static String fileName(String s) {
    String name = s.substring(s.lastIndexOf('/') + 1);
    return name.length() > 50 ? name.substring(0, 50) + "…" : name;
  }
}
