package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.FaultProxy;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent goes away (its connections drop, new ones are refused), then comes back. The breaker opens, people are
 * told the agent is unavailable, their messages wait instead of being dropped, and when the agent is back the
 * breaker closes and every waiting message gets its one answer.
 */
class AgentOutageIT {

  private static final int SESSIONS = 3;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @AfterEach
  void healNetwork() {
    stack.agentProxy().heal();
  }

  @Test
  void shouldOpenTheBreakerTellUsersKeepTheirMessagesAndAnswerThemAllWhenTheAgentIsBack() {
    stack.awaitHealthy();
    FaultProxy proxy = stack.agentProxy();
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<LiveSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < SESSIONS; i++) {
        Browser browser = new Browser(stack.baseUrl());
        String session = browser.openSession("outage-agent-" + run + "-" + i, ReliabilityStack.PROXIED);
        LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie());
        sockets.add(socket);
        socket.sendMessage("warm-" + i, "Hello before the outage");
        socket.next(JsonSocket.ofType("response"), Duration.ofSeconds(30));
      }

      long down = System.nanoTime();
      proxy.refuse().reset();
      long[] askedAt = new long[SESSIONS];
      for (int i = 0; i < SESSIONS; i++) {
        sockets.get(i).sendMessage("during-" + i, "Are you there? " + i);
        JsonNode ack = sockets.get(i).next(LiveSocket.answerTo("during-" + i), Duration.ofSeconds(20));
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        askedAt[i] = ack.path("seq").asLong();
      }
      for (LiveSocket socket : sockets) {
        JsonNode status = socket.next(status("unavailable"), Duration.ofSeconds(60));
        assertThat(status.path("content").asText()).containsIgnoringCase("unavailable");
      }
      long openMillis = Figures.millisSince(down);
      await().atMost(Duration.ofSeconds(10)).until(() -> breakerState() == 1);
      for (int i = 0; i < SESSIONS; i++) {
        long asked = askedAt[i];
        assertThat(sockets.get(i).received()).as("nothing answered while the agent is away")
            .noneMatch(f -> f.path("seq").asLong() > asked && "response".equals(f.path("type").asText()));
      }

      long back = System.nanoTime();
      proxy.heal();
      int served = 0;
      for (int i = 0; i < SESSIONS; i++) {
        LiveSocket socket = sockets.get(i);
        long asked = askedAt[i];
        // The news that the agent is back and the answer come in either order, depending on which call closed
        // the breaker.
        await().atMost(Duration.ofSeconds(60)).until(() -> socket.received().stream().anyMatch(status("available"))
            && !outcomes(socket, asked).isEmpty());
        List<JsonNode> outcomes = outcomes(socket, asked);
        assertThat(outcomes).as("the waiting message is answered once, not failed").hasSize(1)
            .allMatch(f -> "response".equals(f.path("type").asText()));
        served++;
      }
      long closeMillis = Figures.millisSince(back);
      await().atMost(Duration.ofSeconds(10)).until(() -> breakerState() == 0);
      long refusedConnects = proxy.links().stream().filter(l -> l.openedNanos > down).count();
      Figures.report("4-agent-refuses", "breaker open and %d users told 'unavailable' %d ms after the agent went "
          + "away; agent back: breaker closed and %d/%d waiting messages answered %d ms later (none dropped, none "
          + "failed); %d connections accepted after recovery", SESSIONS, openMillis, served, SESSIONS, closeMillis,
          refusedConnects);
    } finally {
      sockets.forEach(LiveSocket::close);
    }
  }

  /** The answers and errors the socket received for messages after {@code asked}. */
  private static List<JsonNode> outcomes(LiveSocket socket, long asked) {
    return socket.received().stream().filter(f -> f.path("seq").asLong() > asked
        && ("response".equals(f.path("type").asText()) || "error".equals(f.path("type").asText()))).toList();
  }

  private static Predicate<JsonNode> status(String which) {
    return frame -> "status".equals(frame.path("type").asText())
        && which.equals(frame.path("metadata").path("status").asText());
  }

  /** The proxied endpoint's breaker as the connector's metrics show it (0 closed, 1 open, 2 half-open). */
  private int breakerState() {
    String metrics = ReliabilityStack.httpBody(stack.connectorUrl("/metrics"));
    if (metrics == null) {
      return -1;
    }
    String port = ":" + stack.agentProxy().port();
    return metrics.lines().filter(l -> l.startsWith("agent_breaker_state{") && l.contains(port))
        .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
  }
}
