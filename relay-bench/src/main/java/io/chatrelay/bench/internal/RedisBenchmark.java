package io.chatrelay.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code redis-benchmark -P 16} against the stack's Redis, where the tool is installed. */
public final class RedisBenchmark {

  private static final Pattern LINE = Pattern.compile("^([A-Z_]+): ([0-9.]+) requests per second");

  /** Requests per second by command (SET, GET), or why there is no figure. */
  public record Result(Map<String, Double> requestsPerSecond, String note) {}

  private RedisBenchmark() {}

  public static Result run(int port, int requests) {
    try {
      Process process = new ProcessBuilder(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
          Integer.toString(port), "-t", "set,get", "-n", Integer.toString(requests), "-P", "16", "-q"))
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        return new Result(Map.of(), "redis-benchmark failed: " + output.strip());
      }
      Map<String, Double> rates = new LinkedHashMap<>();
      // Progress lines end in \r; the final ones read "SET: 123456.79 requests per second, p50=0.1 msec".
      for (String line : output.split("[\r\n]")) {
        Matcher m = LINE.matcher(line.trim());
        if (m.find() && line.contains("p50")) {
          rates.put(m.group(1), Double.parseDouble(m.group(2)));
        }
      }
      return new Result(rates, rates.isEmpty() ? "no figure in: " + output.strip() : "-P 16, " + requests
          + " requests");
    } catch (IOException e) {
      return new Result(Map.of(), "redis-benchmark is not installed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Map.of(), "interrupted");
    }
  }
}
