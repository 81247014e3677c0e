package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.RestReport.Breakdown;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The edge's own timers from its {@code /metrics}, read before and after a measurement: where a POST's time went
 * (the Kafka acknowledgement, then the wait until the projector has applied the write), as means over the
 * measurement.
 */
final class EdgeTimers {

  private static final String PRODUCE = "edge_kafka_produce_seconds";
  private static final String READ_YOUR_WRITES = "edge_read_your_writes_wait_seconds";
  private static final String HTTP = "edge_http_requests_seconds";

  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  EdgeTimers(String base) {
    this.base = base;
  }

  /** count and sum per timer line (name plus tags), e.g. {@code edge_kafka_produce_seconds{outcome="acked"...}}. */
  Map<String, double[]> snapshot() {
    try {
      String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      return parse(text);
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  static Map<String, double[]> parse(String text) {
    Map<String, double[]> out = new HashMap<>();
    for (String line : text.split("\n")) {
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      if (line.startsWith("#") || brace < 0 || space < brace) {
        continue;
      }
      String name = line.substring(0, brace);
      String key = null;
      int slot = -1;
      if (name.endsWith("_count")) {
        key = name.substring(0, name.length() - 6) + line.substring(brace, space);
        slot = 0;
      } else if (name.endsWith("_sum")) {
        key = name.substring(0, name.length() - 4) + line.substring(brace, space);
        slot = 1;
      }
      if (key != null) {
        out.computeIfAbsent(key, k -> new double[2])[slot] = Double.parseDouble(line.substring(space + 1));
      }
    }
    return out;
  }

  /** Mean milliseconds of each part between two snapshots. */
  static Breakdown between(Map<String, double[]> before, Map<String, double[]> after) {
    return new Breakdown(mean(before, after, PRODUCE, "outcome=\"acked\""),
        mean(before, after, READ_YOUR_WRITES, "outcome=\"applied\""),
        mean(before, after, HTTP, "route=\"/api/v1/sessions/{id}/messages\""));
  }

  private static double mean(Map<String, double[]> before, Map<String, double[]> after, String timer, String tag) {
    double count = 0;
    double sum = 0;
    for (Map.Entry<String, double[]> e : after.entrySet()) {
      if (e.getKey().startsWith(timer + "{") && e.getKey().contains(tag)) {
        double[] then = before.getOrDefault(e.getKey(), new double[2]);
        count += e.getValue()[0] - then[0];
        sum += e.getValue()[1] - then[1];
      }
    }
    return count == 0 ? 0 : sum / count * 1000;
  }
}
