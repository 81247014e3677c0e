package io.chatrelay.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What else used the CPU while the benchmark ran: {@code /proc/<pid>/stat} read when a run starts and again when it
 * ends, leaving out this process and its children, so a figure taken on a shared machine says who it shared it
 * with, over the whole run.
 */
final class OtherProcesses {

  private final Map<Long, Long> ticksAtStart;
  private final long startNanos;

  private OtherProcesses(Map<Long, Long> ticksAtStart, long startNanos) {
    this.ticksAtStart = ticksAtStart;
    this.startNanos = startNanos;
  }

  /** Starts watching: the CPU time of every process so far. */
  static OtherProcesses fromNow() {
    return new OtherProcesses(ticks(), System.nanoTime());
  }

  /** The {@code n} other processes that used the most CPU since {@link #fromNow()}, above 5 % on average. */
  List<String> busiest(int n) {
    try {
      Set<Long> ours = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
      ours.add(ProcessHandle.current().pid());
      double seconds = Math.max(0.01, (System.nanoTime() - startNanos) / 1e9);
      List<long[]> busy = new ArrayList<>();
      ticks().forEach((pid, t) -> {
        Long before = ticksAtStart.get(pid);
        // Clock ticks are hundredths of a second: ticks per second is the percentage of one core.
        long percent = before == null ? 0 : Math.round((t - before) / seconds);
        if (!ours.contains(pid) && percent > 5) {
          busy.add(new long[] {pid, percent});
        }
      });
      busy.sort(Comparator.comparingLong((long[] a) -> a[1]).reversed());
      List<String> out = new ArrayList<>();
      for (long[] b : busy.subList(0, Math.min(n, busy.size()))) {
        out.add(String.format(Locale.ROOT, "%s (pid %d) %d%% CPU", command(b[0]), b[0], b[1]));
      }
      return out;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** utime + stime per pid, in clock ticks (100 per second on Linux). */
  private static Map<Long, Long> ticks() {
    Map<Long, Long> out = new HashMap<>();
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
