package io.chatrelay.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * the first frame of the product's own code on each sampled stack, and the share of each library.
 */
public final class Jfr {

  private Jfr() {}

  public static String startOption(Path file) {
    return "-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true";
  }

  /** Hot spots found in a recording. */
  public record HotSpots(long samples, Map<String, Long> topFrames, Map<String, Long> productFrames,
      Map<String, Long> libraries) {}

  /** Reads the execution samples of {@code file}; empty figures when it is missing. */
  public static HotSpots summarise(Path file, int top) {
    Map<String, Long> frames = new HashMap<>();
    Map<String, Long> product = new HashMap<>();
    Map<String, Long> libraries = new HashMap<>();
    long samples = 0;
    if (!Files.exists(file)) {
      return new HotSpots(0, Map.of(), Map.of(), Map.of());
    }
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
          continue;
        }
        samples++;
        RecordedStackTrace stack = event.getStackTrace();
        List<RecordedFrame> list = stack.getFrames();
        if (list.isEmpty()) {
          continue;
        }
        String topName = name(list.get(0));
        frames.merge(topName, 1L, Long::sum);
        libraries.merge(library(topName), 1L, Long::sum);
        list.stream().map(Jfr::name).filter(n -> n.startsWith("io.chatrelay.")).findFirst()
            .ifPresent(n -> product.merge(n, 1L, Long::sum));
      }
    } catch (IOException e) {
      return new HotSpots(0, Map.of(), Map.of(), Map.of("unreadable recording: " + e.getMessage(), 0L));
    }
    return new HotSpots(samples, top(frames, top), top(product, top), top(libraries, top));
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
