package io.chatrelay.launcher.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real {@code relay} process: exit status 130, and no half-written output left behind. */
class InterruptIT {

  @Test
  void shouldExitWith130AndLeaveNoPartialFileOnCtrlC(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("export.jsonl");
    Path errors = dir.resolve("stderr.txt");
    Process relay = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.chatrelay.launcher.RelayMain",
        "export", "--from", "1h", "--output", output.toString(),
        // Nothing listens there: the export waits for Kafka, as it would on a slow cluster, until interrupted.
        "--bootstrap-server", "127.0.0.1:" + freePort()))
        .redirectError(errors.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(errors).contains("export: events from"));

      new ProcessBuilder("kill", "-INT", Long.toString(relay.pid())).start().waitFor();

      assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(relay.exitValue()).isEqualTo(130);
      assertThat(Files.readString(errors)).contains("export: interrupted");
      assertThat(output).doesNotExist();
      assertThat(dir.resolve("export.jsonl.partial")).doesNotExist();
    } finally {
      relay.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
