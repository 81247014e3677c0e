package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code relay bench all --smoke}: every benchmark scenario for a few seconds against one product started as
 * {@code relay dev} in a process of its own, driven by separate load-generator processes. Proves the harness works
 * end to end (result files with sane fields, charts, nothing lost); it judges no speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchSmokeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path results = Path.of("target", "bench-results").toAbsolutePath();

  @BeforeAll
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void runEveryScenarioOnce() throws IOException {
    Files.createDirectories(results);
    try (Stream<Path> old = Files.list(results)) {
      old.filter(p -> p.toString().endsWith(".json")).forEach(p -> p.toFile().delete());
    }
    // The product's JVM compiles with C1 only: it serves a few seconds of traffic, and C2 compiling it on two cores
    // took CPU from the load generators and the other JVMs. The smoke run judges no speed.
    int exit = RelayMain.commandLine().execute("bench", "all", "--smoke", "--results-dir", results.toString(),
        "--stack-jvm=-XX:TieredStopAtLevel=1");
    assertThat(exit).isZero();
  }

  @Test
  void shouldMeasureExchangesWithNothingLostOrDuplicated() throws IOException {
    JsonNode result = read("exchange");

    assertThat(result.path("machine").path("cpus").asInt()).isPositive();
    assertThat(result.path("busiestOtherProcesses").isArray()).as("who else used the machine").isTrue();
    JsonNode relay = result.path("relay");
    assertThat(relay.path("sent").asLong()).isPositive();
    assertThat(relay.path("replied").asLong()).isEqualTo(relay.path("sent").asLong());
    assertThat(result.path("lost").asLong()).isZero();
    assertThat(result.path("duplicated").asLong()).isZero();
    assertThat(relay.path("history").path("storedMessages").asLong()).isPositive()
        .isEqualTo(relay.path("history").path("expected").asLong());
    JsonNode latency = relay.path("steps").get(0).path("latency");
    assertThat(latency.path("p50").asDouble()).isPositive();
    assertThat(latency.path("p99").asDouble()).isGreaterThanOrEqualTo(latency.path("p50").asDouble());
    assertThat(result.path("direct").path("replied").asLong()).isPositive();
    assertThat(result.path("producer").path("async").path("recordsPerSecond").asDouble()).isPositive();
    assertThat(result.path("targets").size()).isGreaterThanOrEqualTo(3);
    assertThat(Files.readString(chart("exchange"))).startsWith("<svg").contains("<polyline");
  }

  @Test
  void shouldFindEveryConcurrentPostStoredOnceAndInOrder() throws IOException {
    JsonNode result = read("rest");

    JsonNode rest = result.path("rest");
    assertThat(rest.path("post").get(0).path("perSecond").asDouble()).isPositive();
    assertThat(rest.path("post").get(0).path("errors").asLong()).isZero();
    assertThat(rest.path("history").get(0).path("sequential").path("count").asLong()).isPositive();
    JsonNode concurrent = rest.path("concurrent");
    assertThat(concurrent.path("stored").asInt()).isEqualTo(concurrent.path("posts").asInt()).isPositive();
    assertThat(concurrent.path("inOrder").asBoolean()).isTrue();
    assertThat(result.path("lost").asLong()).isZero();
    assertThat(Files.readString(chart("rest"))).contains("<polyline");
  }

  @Test
  void shouldPushAnEventToEveryHeldConnection() throws IOException {
    JsonNode result = read("connections");

    assertThat(result.path("open").asInt()).isPositive().isEqualTo(result.path("targetRun").asInt());
    assertThat(result.path("pushReceived").asInt()).isEqualTo(result.path("open").asInt());
    assertThat(result.path("lost").asLong()).isZero();
    assertThat(result.path("edgeHeld").path("heapBytes").asLong()).isPositive();
    assertThat(result.path("edgeHeld").path("rssBytes").asLong()).isPositive();
  }

  @Test
  void shouldRunEveryMicrobenchmark() throws IOException {
    JsonNode result = read("micro");

    assertThat(result.path("benchmarks").size()).as("the smoke runs the Redis write path on one server only")
        .isEqualTo(8);
    assertThat(result.path("benchmarks").toString()).contains("redisShape=single").doesNotContain("cluster");
    result.path("benchmarks").forEach(b -> assertThat(b.path("score").asDouble()).isPositive());
  }

  private JsonNode read(String scenario) throws IOException {
    return JSON.readTree(newest(scenario, ".json").toFile());
  }

  private Path chart(String scenario) throws IOException {
    return newest(scenario, ".svg");
  }

  private Path newest(String scenario, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(results)) {
      return files.filter(p -> p.getFileName().toString().startsWith(scenario + "-")
              && p.getFileName().toString().endsWith(suffix))
          .max(Comparator.comparing(p -> p.toFile().lastModified()))
          .orElseThrow(() -> new AssertionError("no " + scenario + suffix + " result in " + results));
    }
  }
}
