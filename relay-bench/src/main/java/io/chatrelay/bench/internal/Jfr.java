package io.chatrelay.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JDK Flight Recorder for a child process, and the hot spots of its recording: where the CPU samples land (top frame),
 * the first frame of the product's own code on each sampled stack, and the share of each library; the same for the
 * bytes allocated (by allocation samples, weighed by their size), with the classes allocated most; and the garbage
 * collector's pauses.
 */
public final class Jfr {

  private Jfr() {}

  public static String startOption(Path file) {
    return "-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true";
  }

  /** Hot spots found in a recording. */
  public record HotSpots(long samples, Map<String, Long> topFrames, Map<String, Long> productFrames,
      Map<String, Long> libraries, Allocation allocation, Pauses pauses) {}

  /** Sampled allocation in bytes (a sample's weight is what was allocated since the one before it). */
  public record Allocation(long bytes, Map<String, Long> topFrames, Map<String, Long> productFrames,
      Map<String, Long> libraries, Map<String, Long> classes) {}

  /** The collector's pauses over the recording. */
  public record Pauses(long count, double totalMs, double longestMs, double seconds) {

    /** Share of the recording's wall time the application stood still. */
    public double share() {
      return seconds <= 0 ? 0 : totalMs / 1000 / seconds;
    }
  }

  /** Reads the samples of {@code file}; empty figures when it is missing. */
  public static HotSpots summarise(Path file, int top) {
    Counts cpu = new Counts();
    Counts allocation = new Counts();
    Map<String, Long> classes = new HashMap<>();
    long pauses = 0;
    long pauseNanos = 0;
    long longestPause = 0;
    Instant first = null;
    Instant last = null;
    if (!Files.exists(file)) {
      return empty(Map.of());
    }
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        // Chunks need not be in time order: the span is from the earliest start to the latest end.
        first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
        last = last == null || event.getEndTime().isAfter(last) ? event.getEndTime() : last;
        switch (event.getEventType().getName()) {
          case "jdk.ExecutionSample" -> cpu.add(event.getStackTrace(), 1);
          case "jdk.ObjectAllocationSample" -> {
            long weight = event.getLong("weight");
            allocation.add(event.getStackTrace(), weight);
            classes.merge(event.getClass("objectClass").getName(), weight, Long::sum);
          }
          case "jdk.GarbageCollection" -> {
            pauses++;
            pauseNanos += event.getDuration("sumOfPauses").toNanos();
            longestPause = Math.max(longestPause, event.getDuration("longestPause").toNanos());
          }
          default -> { }
        }
      }
    } catch (IOException e) {
      return empty(Map.of("unreadable recording: " + e.getMessage(), 0L));
    }
    double seconds = first == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
    return new HotSpots(cpu.total, top(cpu.topFrames, top), top(cpu.productFrames, top), top(cpu.libraries, top),
        new Allocation(allocation.total, top(allocation.topFrames, top), top(allocation.productFrames, top),
            top(allocation.libraries, top), top(classes, top)),
        new Pauses(pauses, pauseNanos / 1e6, longestPause / 1e6, seconds));
  }

  private static HotSpots empty(Map<String, Long> libraries) {
    return new HotSpots(0, Map.of(), Map.of(), libraries, new Allocation(0, Map.of(), Map.of(), Map.of(), Map.of()),
        new Pauses(0, 0, 0, 0));
  }

  /** Weights by the stack's top frame, its first product frame, and the top frame's library. */
  private static final class Counts {
    final Map<String, Long> topFrames = new HashMap<>();
    final Map<String, Long> productFrames = new HashMap<>();
    final Map<String, Long> libraries = new HashMap<>();
    long total;

    void add(RecordedStackTrace stack, long weight) {
      if (stack == null || stack.getFrames().isEmpty()) {
        return;
      }
      total += weight;
      List<RecordedFrame> frames = stack.getFrames();
      String topName = name(frames.get(0));
      topFrames.merge(topName, weight, Long::sum);
      libraries.merge(library(topName), weight, Long::sum);
      frames.stream().map(Jfr::name).filter(n -> n.startsWith("io.chatrelay.")).findFirst()
          .ifPresent(n -> productFrames.merge(n, weight, Long::sum));
    }
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The library a frame belongs to, by package. */
  static String library(String frame) {
    String[][] known = {
        {"io.chatrelay.", "product code"}, {"org.apache.kafka.streams", "Kafka Streams"},
        {"org.apache.kafka.", "Kafka clients"}, {"kafka.", "Kafka broker"}, {"org.apache.kafka.server", "Kafka broker"},
        {"io.undertow.", "Undertow"}, {"org.xnio.", "XNIO"}, {"redis.clients.", "Jedis"},
        {"com.fasterxml.jackson.", "Jackson"}, {"org.rocksdb.", "RocksDB"}, {"io.micrometer.", "Micrometer"},
        {"ch.qos.logback.", "Logback"}, {"sun.nio.", "JDK NIO"}, {"java.util.zip", "JDK zip/CRC"},
        {"java.", "JDK"}, {"jdk.", "JDK"}, {"sun.", "JDK"}, {"scala.", "Scala"}};
    for (String[] k : known) {
      if (frame.startsWith(k[0])) {
        return k[1];
      }
    }
    int dot = frame.indexOf('.', frame.indexOf('.') + 1);
    return dot > 0 ? frame.substring(0, dot) : frame;
  }

  private static Map<String, Long> top(Map<String, Long> counts, int n) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
