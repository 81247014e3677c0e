package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chatrelay.launcher.testing.Browserless;
import io.chatrelay.launcher.testing.DevProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGTERM) on a real {@code relay dev}: the services stop while the broker still serves them, then the
 * broker, then Redis, and the process is gone within seconds, leaving data the next {@code relay dev} starts on.
 */
class DevShutdownIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  /**
   * Closing every service against a live broker takes a few seconds; against a broker that is already gone, each
   * Kafka Streams application alone waits 30 s for it. The bound sits clearly between the two.
   */
  private static final Duration STOP_BOUND = Duration.ofSeconds(20);
  private static final List<String> STOP_ORDER =
      List.of("edge", "connector", "projector", "analytics", "demo agent", "kafka", "redis");
  private static final Pattern STACK_STOPPED = Pattern.compile("dev stack in .+: (.+) stopped in \\d+ ms");
  private static final Pattern BROKER_STOPPED = Pattern.compile("Kafka broker \\S+ stopped in \\d+ ms");
  private static final Pattern REDIS_STOPPED = Pattern.compile("Redis redis://\\S+ stopped");

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void shouldStopServicesBeforeBrokerAndExitWithinSecondsOnSigtermAndStartAgainOnItsData(@TempDir Path dir)
      throws Exception {
    Path dataDir = dir.resolve(".relay-data");
    String user = "shutdown-" + UUID.randomUUID().toString().substring(0, 8);
    String session;
    try (DevProcess first = DevProcess.start(dataDir, dir.resolve("first.log"))) {
      Browserless browser = new Browserless(first.awaitReady(START_TIMEOUT));
      session = browser.openSession(user, "TradeBodyRep");
      assertThat(browser.post("/api/v1/sessions/" + session + "/messages", "{\"content\":\"Still there later?\"}")
          .status()).isEqualTo(200);
      // The answer has gone edge -> Kafka -> connector -> agent -> Kafka -> projector: every service is busy.
      await().atMost(Duration.ofSeconds(30)).until(() -> history(browser, session).size() == 2);

      Duration stopped = first.terminate(STOP_BOUND);

      assertThat(stopped).as("relay dev still running %s after SIGTERM; its output:%n%s", STOP_BOUND,
          first.output()).isNotNull();
      System.out.printf("relay dev exited %d ms after SIGTERM%n", stopped.toMillis());
      String log = first.output();
      assertThat(stackStopOrder(log)).as(log).containsExactlyElementsOf(STOP_ORDER);
      assertThat(lineOf(log, BROKER_STOPPED)).as("the broker's own report that it stopped, after the services")
          .isGreaterThan(stackLineOf(log, "demo agent"))
          .isLessThan(lineOf(log, REDIS_STOPPED));
      assertThat(BROKER_STOPPED.matcher(log).results().count()).as("broker stops").isEqualTo(1);
      assertThat(log).doesNotContain("did not stop cleanly");
    }

    try (DevProcess second = DevProcess.start(dataDir, dir.resolve("second.log"))) {
      Browserless browser = new Browserless(second.awaitReady(START_TIMEOUT));
      browser.openSession(user, "TradeBodyRep"); // signs the same person in again

      assertThat(second.output()).contains("existing data directory");
      JsonNode before = await().atMost(Duration.ofSeconds(30)).until(() -> history(browser, session),
          messages -> messages.size() == 2);
      assertThat(before.get(0).get("content").asText()).isEqualTo("Still there later?");
      // No bound on this stop: right after a restart the Streams applications wait for their previous members to
      // time out of the consumer groups, and Kafka Streams finishes a rebalance before it shuts down.
    }
  }

  private static JsonNode history(Browserless browser, String session) {
    Browserless.Answer answer = browser.get("/api/v1/sessions/" + session + "/messages?limit=100");
    return answer.status() == 200 ? answer.body().get("messages") : JsonNodeFactory.instance.arrayNode();
  }

  /** The components in the order the stack reported them stopped. */
  private static List<String> stackStopOrder(String log) {
    List<String> names = new ArrayList<>();
    Matcher stopped = STACK_STOPPED.matcher(log);
    while (stopped.find()) {
      names.add(stopped.group(1));
    }
    return names;
  }

  /** The number of the first line matching {@code pattern}, or -1. */
  private static int lineOf(String log, Pattern pattern) {
    String[] lines = log.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (pattern.matcher(lines[i]).find()) {
        return i;
      }
    }
    return -1;
  }

  /** The number of the line where the stack reported {@code component} stopped, or -1. */
  private static int stackLineOf(String log, String component) {
    String[] lines = log.split("\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher stopped = STACK_STOPPED.matcher(lines[i]);
      if (stopped.find() && stopped.group(1).equals(component)) {
        return i;
      }
    }
    return -1;
  }
}
