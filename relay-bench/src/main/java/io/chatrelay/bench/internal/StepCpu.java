package io.chatrelay.bench.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a process' CPU time by thread group at the start and end of every measured step of the exchange load (the
 * load generator announces them with {@code @step N start} and {@code @step N end REPLIES}): the CPU one exchange
 * costs at each rate, without start-up, sign-in and warm-up in it.
 */
final class StepCpu implements Consumer<String> {

  /**
   * One step's CPU by thread group and the replies it got.
   *
   * @param loadCpuSeconds what the load generator process used meanwhile
   * @param redisCpuSeconds what the stack's Redis server (a process of its own) used meanwhile
   */
  record Reading(Map<String, Double> cpu, long replies, double loadCpuSeconds, double redisCpuSeconds) {

    double millisPerExchange() {
      return replies == 0 ? 0 : cpu.getOrDefault("total", 0.0) * 1000 / replies;
    }

    double cores() {
      return cpu.getOrDefault("total", 0.0) / Math.max(1e-3, cpu.getOrDefault("wall", 1.0));
    }
  }

  private final long pid;
  private final long loadPid;
  private final Map<Integer, Reading> readings = new TreeMap<>();
  private ThreadCpu current;
  private double loadAtStart;
  private double redisAtStart;

  StepCpu(long pid, long loadPid) {
    this.pid = pid;
    this.loadPid = loadPid;
  }

  @Override
  public synchronized void accept(String line) {
    String[] parts = line.split(" ");
    if (parts.length < 3 || !parts[0].equals("@step")) {
      return;
    }
    int step = Integer.parseInt(parts[1]);
    if (parts[2].equals("start")) {
      current = ThreadCpu.start(pid);
      loadAtStart = ThreadCpu.processSeconds(loadPid);
      redisAtStart = redisSeconds();
    } else if (parts[2].equals("end") && current != null) {
      readings.put(step, new Reading(current.since(), Long.parseLong(parts[3]),
          ThreadCpu.processSeconds(loadPid) - loadAtStart, redisSeconds() - redisAtStart));
      current = null;
    }
  }

  /** Debian's redis-server is a link to redis-check-rdb, which is the name the process shows: match both. */
  private double redisSeconds() {
    return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
        .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
        .mapToDouble(p -> ThreadCpu.processSeconds(p.pid())).sum();
  }

  /** By step index (0 is the warm-up). */
  synchronized Map<Integer, Reading> readings() {
    return Map.copyOf(readings);
  }
}
