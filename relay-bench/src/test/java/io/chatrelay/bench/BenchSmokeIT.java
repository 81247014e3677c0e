package io.chatrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.ConnectionsScenario;
import io.chatrelay.bench.internal.ConnectionsSettings;
import io.chatrelay.bench.internal.ExchangeScenario;
import io.chatrelay.bench.internal.ExchangeSettings;
import io.chatrelay.bench.internal.Mode;
import io.chatrelay.bench.internal.ProductStack;
import io.chatrelay.bench.internal.RestScenario;
import io.chatrelay.bench.internal.RestSettings;
import io.chatrelay.bench.load.LoadGeneratorMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The smoke version of every scenario, a few seconds each against one product started as {@code relay dev}: proves
 * the harness works end to end (separate processes, result files, charts), not how fast anything is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BenchSmokeIT {

  private final Path results = Path.of(System.getProperty("relay.bench.results", "target/bench-results"));
  private ProductStack stack;

  @BeforeAll
  void startProduct() throws IOException {
    Path stackDir = results.resolve("smoke-stack");
    Files.createDirectories(stackDir);
    stack = ProductStack.start(new ProductStack.Options("1g", Map.of("AGENT_IDLE_TIMEOUT_MS", "2000"), null,
        stackDir));
  }

  @AfterAll
  void stopProduct() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldMeasureExchangesWithNothingLostAndWriteResultAndChart() throws IOException {
    BenchRun run = run("exchange");
    ExchangeScenario.run(run, stack, ExchangeSettings.of(Mode.SMOKE, false, null, null, null));
    JsonNode result = read(run.finish());

    assertThat(result.path("scenario").asText()).isEqualTo("exchange");
    assertThat(result.path("machine").path("cpus").asInt()).isPositive();
    JsonNode relay = result.path("relay");
    assertThat(relay.path("sent").asLong()).isPositive();
    assertThat(relay.path("replied").asLong()).isEqualTo(relay.path("sent").asLong());
    assertThat(result.path("lost").asLong()).isZero();
    assertThat(result.path("duplicated").asLong()).isZero();
    assertThat(relay.path("history").path("storedMessages").asLong())
        .isEqualTo(relay.path("history").path("expected").asLong()).isPositive();
    JsonNode step = relay.path("steps").get(0);
    assertThat(step.path("latency").path("p50").asDouble()).isPositive();
    assertThat(step.path("latency").path("p99").asDouble()).isGreaterThanOrEqualTo(step.path("latency")
        .path("p50").asDouble());
    assertThat(result.path("direct").path("replied").asLong()).isPositive();
    assertThat(result.path("producer").path("async").path("recordsPerSecond").asDouble()).isPositive();
    assertThat(result.path("targets").size()).isGreaterThanOrEqualTo(3);
    assertThat(Files.readString(run.chartFile())).startsWith("<svg").contains("<polyline");
  }

  @Test
  void shouldMeasureRestAndFindEveryConcurrentPostStoredInOrder() throws IOException {
    BenchRun run = run("rest");
    RestScenario.run(run, stack, RestSettings.of(Mode.SMOKE));
    JsonNode result = read(run.finish());

    JsonNode rest = result.path("rest");
    assertThat(rest.path("post").get(0).path("perSecond").asDouble()).isPositive();
    assertThat(rest.path("post").get(0).path("errors").asLong()).isZero();
    assertThat(rest.path("create").get(0).path("perSecond").asDouble()).isPositive();
    assertThat(rest.path("history").get(0).path("sequential").path("count").asLong()).isPositive();
    JsonNode concurrent = rest.path("concurrent");
    assertThat(concurrent.path("accepted").asInt()).isEqualTo(concurrent.path("posts").asInt());
    assertThat(concurrent.path("stored").asInt()).isEqualTo(concurrent.path("posts").asInt());
    assertThat(concurrent.path("inOrder").asBoolean()).isTrue();
    assertThat(result.path("lost").asLong()).isZero();
    assertThat(Files.readString(run.chartFile())).contains("<polyline");
  }

  @Test
  void shouldHoldIdleConnectionsAndPushAnEventToEveryOne() throws IOException {
    BenchRun run = run("connections");
    ConnectionsScenario.run(run, stack, ConnectionsSettings.of(Mode.SMOKE, null, null, null), null);
    JsonNode result = read(run.finish());

    assertThat(result.path("open").asInt()).isEqualTo(result.path("targetRun").asInt()).isPositive();
    assertThat(result.path("pushedSockets").asInt()).isEqualTo(result.path("open").asInt());
    assertThat(result.path("pushReceived").asInt()).isEqualTo(result.path("open").asInt());
    assertThat(result.path("lost").asLong()).isZero();
    assertThat(result.path("edgeHeld").path("heapBytes").asLong()).isPositive();
    assertThat(result.path("edgeHeld").path("rssBytes").asLong()).isPositive();
  }

  @Test
  void shouldRunEveryMicrobenchmarkOnce() throws Exception {
    MicroCommand micro = new MicroCommand();
    int exit = new picocli.CommandLine(micro).execute("--smoke", "--results-dir", results.toString());
    assertThat(exit).isZero();
    Path newest;
    try (var files = Files.list(results)) {
      newest = files.filter(p -> p.getFileName().toString().matches("micro-.*\\.json"))
          .max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
    }
    JsonNode result = read(newest);
    assertThat(result.path("benchmarks").size()).isEqualTo(7);
    result.path("benchmarks").forEach(b -> assertThat(b.path("score").asDouble()).isPositive());
  }

  private BenchRun run(String scenario) {
    return new BenchRun(scenario, Mode.SMOKE, results, System.out);
  }

  private static JsonNode read(Path file) throws IOException {
    assertThat(file).exists();
    return LoadGeneratorMain.JSON.readTree(file.toFile());
  }
}
