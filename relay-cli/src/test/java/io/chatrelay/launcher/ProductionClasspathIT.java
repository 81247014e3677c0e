package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the production image carries: {@code target/lib} is copied into it as its whole classpath (see the
 * {@code Dockerfile}). It holds what the services need to run and nothing that only dev mode, the benchmarks or the
 * tests need: no Kafka broker, no embedded Redis, no JMH, no test libraries. Runs after {@code package}, which fills
 * that directory.
 */
class ProductionClasspathIT {

  /** Measured at 105 MB (54 jars, RocksDB's native library 60 MB of it); room for version bumps, not for a broker. */
  private static final long MAX_LIB_BYTES = 120L * 1024 * 1024;

  private static final List<String> NEEDED = List.of("kafka-clients-", "kafka-streams-", "rocksdbjni-",
      "undertow-core-", "jedis-", "picocli-", "logback-classic-", "micrometer-registry-prometheus-",
      "edge-service-", "agent-connector-", "session-projector-", "chat-analytics-", "demo-agent-");
  private static final List<String> LEFT_OUT = List.of("kafka_2.13-", "kafka-server-", "kafka-metadata-",
      "kafka-raft-", "kafka-storage-", "scala-library-", "embedded-infra-", "relay-bench-", "jmh-", "junit-",
      "test-support-", "assertj-", "awaitility-", "selenium-", "embedded-redis-");

  private static List<Path> jars() {
    try (Stream<Path> files = Files.list(Path.of("target", "lib"))) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no target/lib: run after `mvn package`", e);
    }
  }

  private static long size(Path jar) {
    try {
      return Files.size(jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void shouldCarryWhatTheServicesRunOnAndNothingOfDevModeBenchmarksOrTests() {
    List<String> names = jars().stream().map(p -> p.getFileName().toString()).toList();
    long bytes = jars().stream().mapToLong(ProductionClasspathIT::size).sum();

    for (String needed : NEEDED) {
      assertThat(names).as("needed at run time").anyMatch(name -> name.startsWith(needed));
    }
    for (String leftOut : LEFT_OUT) {
      assertThat(names).as("not for production").noneMatch(name -> name.startsWith(leftOut));
    }
    assertThat(bytes).as("bytes of the image's classpath").isLessThanOrEqualTo(MAX_LIB_BYTES);
    System.out.printf("FIGURE production-classpath: %d jars, %.1f MB%n", names.size(), bytes / 1048576.0);
  }

  @Test
  void shouldOfferTheServicesAndToolsButNotDevModeOrBenchmarks() {
    assertThat(Relay.commandLine().getSubcommands().keySet()).containsExactlyInAnyOrder("edge", "projector",
        "connector", "agent", "analytics", "history", "rebuild-views", "export", "retention", "copy-log", "help");
  }
}
