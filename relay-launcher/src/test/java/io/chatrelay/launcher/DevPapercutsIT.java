package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.launcher.testing.DevProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer runs into first: {@code relay dev --fresh} as {@code ./relay} runs it, and a port already taken. */
class DevPapercutsIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration EXIT_BOUND = Duration.ofMinutes(1);
  private static final Pattern AGENT =
      Pattern.compile("^\\s+Agent\\s+ws://127\\.0\\.0\\.1:(\\d+)/", Pattern.MULTILINE);
  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$]+\\(", Pattern.MULTILINE);

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void shouldStartFreshWhenTheJvmTempDirLiesInsideTheDataDirAndPickAFreeAgentPort(@TempDir Path dir)
      throws Exception {
    // ./relay points java.io.tmpdir into the data directory, and --fresh wipes that directory.
    Path data = dir.resolve(".relay-data");
    Path tmp = Files.createDirectories(data.resolve("tmp"));
    Path oldLog = Files.createDirectories(data.resolve("kafka")).resolve("stale.log");
    Files.writeString(oldLog, "from an earlier run");

    try (DevProcess dev = DevProcess.start(dir.resolve("dev.log"), tmp, Map.of(),
        "dev", "--fresh", "--data-dir", data.toString(), "--kafka-port", "0")) {
      dev.awaitReady(START_TIMEOUT);

      String output = dev.output();
      assertThat(oldLog).doesNotExist();
      assertThat(tmp).isDirectory();
      assertThat(output).doesNotContain("NoSuchFileException").doesNotContain("Unable to load the RocksDB");
      Matcher agent = AGENT.matcher(output);
      assertThat(agent.find()).as("the banner names the demo agent's URL:%n%s", output).isTrue();
      // A fixed agent port would be the one a developer is likely to pick for HTTP_PORT next to 8080.
      assertThat(Integer.parseInt(agent.group(1))).isNotEqualTo(8090);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void shouldSayInOneLineWhichPortIsTakenWhenHttpPortIsInUse(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         DevProcess dev = DevProcess.start(dir.resolve("dev.log"), dir,
             Map.of("HTTP_PORT", Integer.toString(taken.getLocalPort())),
             "dev", "--data-dir", dir.resolve("data").toString(), "--kafka-port", "0")) {
      assertOneLine(dev, "relay: cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + " (HTTP_HOST, HTTP_PORT): the port is already in use.");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void shouldSayInOneLineWhichPortIsTakenWhenTheBrokersPortIsInUse(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         DevProcess dev = DevProcess.start(dir.resolve("dev.log"), dir, Map.of(),
             "dev", "--data-dir", dir.resolve("data").toString(), "--kafka-port",
             Integer.toString(taken.getLocalPort()))) {
      assertOneLine(dev, "relay: cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + " (the broker's port, --kafka-port): the port is already in use.");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void shouldSayInOneLineWhichPortIsTakenWhenTheAgentsPortIsInUse(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         DevProcess agent = DevProcess.start(dir.resolve("agent.log"), dir,
             Map.of("DEMO_AGENT_PORT", Integer.toString(taken.getLocalPort())), "agent")) {
      assertOneLine(agent, ":" + taken.getLocalPort() + " (DEMO_AGENT_PORT): the port is already in use.");
    }
  }

  private static void assertOneLine(DevProcess relay, String line) throws InterruptedException {
    assertThat(relay.awaitExit(EXIT_BOUND)).isEqualTo(RelayMain.EXIT_START_FAILED);
    String output = relay.output();
    System.out.printf("relay with a port taken said:%n%s%n", output.strip());
    assertThat(output).contains(line);
    assertThat(STACK_FRAME.matcher(output).find()).as("a stack trace in:%n%s", output).isFalse();
  }
}
