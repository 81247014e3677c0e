package io.chatrelay.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads an edge process from outside, as an operator would: heap in use from its {@code /metrics}
 * ({@code jvm_memory_used_bytes}, area heap) after a full GC asked for with {@code jcmd}, resident memory and the
 * open files limit from {@code /proc}.
 */
public final class EdgeGauge {

  private final long pid;
  private final String opsUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One reading, bytes. */
  public record Reading(long heapBytes, long rssBytes, long openFiles) {}

  public EdgeGauge(long pid, String opsUrl) {
    this.pid = pid;
    this.opsUrl = opsUrl;
  }

  /** After a full GC, so the heap figure is what the live objects take. */
  public Reading afterGc() {
    gc();
    return now();
  }

  public Reading now() {
    return new Reading(heapUsed(), rss(), openFiles());
  }

  private void gc() {
    try {
      Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid), "GC.run")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("jcmd is needed to measure the heap after GC", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long heapUsed() {
    try {
      String metrics = http.send(HttpRequest.newBuilder(URI.create(opsUrl + "/metrics")).timeout(Duration.ofSeconds(
          30)).build(), HttpResponse.BodyHandlers.ofString()).body();
      return parseHeap(metrics);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + opsUrl + "/metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Sums {@code jvm_memory_used_bytes{area="heap",...}} over the heap's pools. */
  static long parseHeap(String metrics) {
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  long rss() {
    return procStatus("VmRSS:") * 1024;
  }

  long openFiles() {
    try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }

  private long procStatus(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  /** The soft limit on open files of a process, from {@code /proc/<pid>/limits}; -1 when unknown. */
  public static long openFilesLimit(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.trim().split("\\s+")[3]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
