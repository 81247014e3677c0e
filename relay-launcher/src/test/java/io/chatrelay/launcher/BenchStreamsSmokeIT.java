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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code relay bench streams --smoke}: a few browsers ask for streamed answers and then the same answers whole,
 * against a product of its own. Proves the scenario's harness works (every answer checked against its deltas, first
 * tokens timed, CPU read for both kinds of answer); it judges no speed.
 */
class BenchStreamsSmokeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path results = Path.of("target", "bench-results-streams").toAbsolutePath();

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void shouldCheckEveryStreamedAnswerAgainstItsDeltasAndCompareItWithTheWholeOne() throws IOException {
    Files.createDirectories(results);

    int exit = RelayMain.commandLine().execute("bench", "streams", "--smoke", "--results-dir", results.toString());

    assertThat(exit).isZero();
    JsonNode result = read();
    JsonNode streamed = phase(result, "streamed");
    JsonNode whole = phase(result, "whole");
    assertThat(streamed.path("answered").asLong()).isPositive().isEqualTo(streamed.path("sent").asLong());
    assertThat(streamed.path("matched").asLong()).isEqualTo(streamed.path("answered").asLong());
    assertThat(streamed.path("deltasPerAnswer").asDouble()).as("answers came as deltas").isGreaterThan(1);
    assertThat(streamed.path("firstToken").path("p50").asDouble()).isPositive()
        .isLessThanOrEqualTo(streamed.path("completion").path("p50").asDouble());
    assertThat(whole.path("answered").asLong()).isPositive().isEqualTo(whole.path("sent").asLong());
    assertThat(whole.path("deltas").asLong()).as("whole answers come without deltas").isZero();
    assertThat(result.path("faults").asLong()).isZero();
    assertThat(result.path("cost").path("streamed").path("deltas").asLong()).isPositive();
    assertThat(result.path("cost").path("whole").path("answers").asLong()).isPositive();
    assertThat(result.path("cost").path("streamed").path("downBytesPerAnswer").asDouble())
        .isGreaterThan(result.path("cost").path("whole").path("downBytesPerAnswer").asDouble());
  }

  private static JsonNode phase(JsonNode result, String name) {
    for (JsonNode p : result.path("streams").path("phases")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no " + name + " phase in " + result.path("streams"));
  }

  private JsonNode read() throws IOException {
    try (Stream<Path> files = Files.list(results)) {
      Path newest = files.filter(p -> p.getFileName().toString().startsWith("streams-")
              && p.getFileName().toString().endsWith(".json"))
          .max(Comparator.comparing(p -> p.toFile().lastModified()))
          .orElseThrow(() -> new AssertionError("no streams result in " + results));
      return JSON.readTree(newest.toFile());
    }
  }
}
