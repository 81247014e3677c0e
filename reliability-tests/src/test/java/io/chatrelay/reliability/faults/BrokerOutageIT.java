package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * With the broker gone, writes fail fast with a clear answer instead of hanging, readiness says so while liveness
 * does not (restarting the edge would not help), and everything recovers by itself when the broker is back.
 */
class BrokerOutageIT {

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldFailFastWhileTheBrokerIsDownReportNotReadyButLiveAndRecoverByItself() {
    stack.awaitHealthy();
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("outage-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.BANK);
    String ready = stack.edgeOpsUrl("/health/ready");
    String live = stack.baseUrl() + "/health/live";
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      long down = System.nanoTime();
      stack.kafka().kill();

      long restStart = System.nanoTime();
      Browser.Answer refused = browser.send(session, "Sent while the broker is down");
      long restMillis = Figures.millisSince(restStart);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.header("Retry-After")).matches("[0-9]+");
      assertThat(refused.json().path("status").asInt()).isEqualTo(503);

      long wsStart = System.nanoTime();
      socket.sendMessage("while-down", "Also sent while the broker is down");
      JsonNode error = socket.next(LiveSocket.answerTo("while-down"), Duration.ofSeconds(30));
      long wsMillis = Figures.millisSince(wsStart);
      assertThat(error.path("type").asText()).isEqualTo("error");
      assertThat(error.path("code").asText()).isEqualTo("unavailable");
      assertThat(socket.closeCode()).as("an input error keeps the socket open").isNull();

      AtomicBoolean liveStayedUp = new AtomicBoolean(true);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        liveStayedUp.compareAndSet(true, ReliabilityStack.httpStatus(live) == 200);
        return ReliabilityStack.httpStatus(ready) == 503;
      });
      long detectedMillis = Figures.millisSince(down);
      // Names the check that failed; why it failed is in the log, not in an answer anyone on the ops port reads.
      assertThat(ReliabilityStack.httpBody(ready)).contains("kafka").doesNotContain("Exception", "Timed out");
      assertThat(liveStayedUp).isTrue();
      assertThat(ReliabilityStack.httpStatus(live)).isEqualTo(200);

      long back = System.nanoTime();
      stack.kafka().restart();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> ReliabilityStack.httpStatus(ready) == 200);
      long readyMillis = Figures.millisSince(back);
      socket.sendMessage("after", "Back again?");
      assertThat(socket.next(LiveSocket.answerTo("after"), Duration.ofSeconds(30)).path("type").asText())
          .isEqualTo("ack");
      socket.next(JsonSocket.ofType("response"), Duration.ofSeconds(30));
      long servedMillis = Figures.millisSince(back);
      assertThat(browser.send(session, "And over REST?").status()).isEqualTo(200);

      Figures.report("2-broker-down", "REST 503 after %d ms, WebSocket error frame after %d ms, /health/ready 503 "
          + "%d ms after the kill (/health/live 200 throughout); after restart ready in %d ms, first answered message "
          + "%d ms", restMillis, wsMillis, detectedMillis, readyMillis, servedMillis);
    } finally {
      if (!stack.kafka().isRunning()) {
        stack.kafka().restart();
      }
    }
    stack.awaitHealthy();
  }
}
