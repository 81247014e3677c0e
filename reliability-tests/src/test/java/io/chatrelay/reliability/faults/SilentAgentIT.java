package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.FaultProxy;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.Metrics;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.Settings;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's connection stops passing traffic while its TCP connection stays open (a black hole), then the agent
 * turns slow. The connector's heartbeat must notice the dead socket, its reconnects must keep to their jittered
 * backoff bounds, and it must not grow threads or memory while it waits.
 */
class SilentAgentIT {

  /** The connector's settings in this stack (see ReliabilityStack). */
  private static final long HEARTBEAT_MS = 1_000;
  private static final long BACKOFF_BASE_MS = 200;
  private static final long BACKOFF_CAP_MS = 2_000;
  private static final long REPLY_TIMEOUT_MS = 4_000;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @AfterEach
  void healNetwork() {
    stack.agentProxy().heal();
  }

  @Test
  void shouldDetectABlackHoledAgentByHeartbeatBackOffWithinBoundsAndStayFlat() {
    stack.awaitHealthy();
    FaultProxy proxy = stack.agentProxy();
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("silent-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.PROXIED);
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      socket.sendMessage("before", "Hello while all is well");
      socket.next(JsonSocket.ofType("response"), Duration.ofSeconds(30));
      double threadsBefore = connectorMetric("jvm_threads_live_threads", null);
      FaultProxy.Link link = proxy.links().stream().filter(FaultProxy.Link::open).reduce((a, b) -> b).orElseThrow();

      long holed = System.nanoTime();
      proxy.blackhole();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> !link.open());
      long detectedMillis = (link.closedNanos() - holed) / 1_000_000;
      assertThat(link.closedBy()).as("the connector gave up the socket, not the network").isEqualTo("client");

      socket.sendMessage("into-the-hole", "Anyone there?");
      // Each attempt now waits for a handshake that never comes, then backs off; watch a few of them.
      await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
          .until(() -> closedAttemptsSince(proxy, holed).size() >= 3);
      List<FaultProxy.Link> attempts = proxy.links().stream().filter(l -> l.openedNanos > holed).toList();
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < attempts.size(); i++) {
        long closed = attempts.get(i - 1).closedNanos();
        if (closed != 0) {
          gaps.add((attempts.get(i).openedNanos - closed) / 1_000_000);
        }
      }
      double threadsDuring = connectorMetric("jvm_threads_live_threads", null);

      long healed = System.nanoTime();
      proxy.heal();
      JsonNode waited = socket.next(f -> "response".equals(f.path("type").asText()), Duration.ofSeconds(60));
      long recoveredMillis = Figures.millisSince(healed);

      // Then the agent turns slow: it answers, but later than the connector waits for an answer.
      long slowMs = Settings.integer("slow-agent-ms", 6_000, 30_000);
      long slowFrom = System.nanoTime();
      socket.sendMessage("slow", "/slow " + slowMs + " Are you slow?");
      JsonNode outcome = socket.next(f -> f.path("seq").asLong() > waited.path("seq").asLong()
          && ("response".equals(f.path("type").asText()) || "error".equals(f.path("type").asText())),
          Duration.ofSeconds(60));
      long slowAnswerMillis = Figures.millisSince(slowFrom);
      socket.sendMessage("after", "And now?");
      await().atMost(Duration.ofSeconds(60)).until(() -> socket.received().stream().anyMatch(
          f -> "response".equals(f.path("type").asText()) && f.path("seq").asLong() > outcome.path("seq").asLong()));
      double threadsAfter = connectorMetric("jvm_threads_live_threads", null);

      Figures.report("5-agent-black-hole", "dead socket detected by heartbeat after %d ms (interval %d ms); %d "
              + "reconnect attempts into the hole, backoff gaps %s ms (bound: full jitter up to %d..%d ms); waiting "
              + "message answered %d ms after the network healed; agent answering after %d ms: user shown '%s' "
              + "after %d ms; connector threads %.0f before, %.0f during, %.0f after", detectedMillis, HEARTBEAT_MS,
          attempts.size(), gaps, BACKOFF_BASE_MS, BACKOFF_CAP_MS, recoveredMillis, slowMs,
          outcome.path("code").asText(outcome.path("type").asText()), slowAnswerMillis, threadsBefore, threadsDuring,
          threadsAfter);
      assertThat(detectedMillis).as("the heartbeat noticed, not the reply timeout")
          .isLessThan(2 * HEARTBEAT_MS + REPLY_TIMEOUT_MS);
      assertThat(gaps).allMatch(gap -> gap <= BACKOFF_CAP_MS + 1_000);
      assertThat(outcome.path("type").asText()).as("an answer later than the reply timeout is a visible error")
          .isEqualTo("error");
      assertThat(slowAnswerMillis).isLessThan(slowMs + 30_000);
      assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 10);
    }
  }

  private static List<FaultProxy.Link> closedAttemptsSince(FaultProxy proxy, long since) {
    return proxy.links().stream().filter(l -> l.openedNanos > since && !l.open()).toList();
  }

  private double connectorMetric(String name, String labels) {
    return Metrics.sum(ReliabilityStack.httpBody(stack.connectorUrl("/metrics")), name, labels);
  }
}
