package io.chatrelay.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.HostileAgent;
import io.chatrelay.reliability.testing.Metrics;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hop to the agent, against the real connector (production mode, a bearer token) and an agent that misbehaves
 * on purpose: an answer too large to hold, a flood of status frames, an answer claiming another persona. And what
 * the agent is told: the token, and only the allow-listed metadata of the person's message.
 */
class AgentHopIT {

  private static final int STATUS_FLOOD = 200;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @AfterEach
  void calmTheAgent() {
    stack.hostileAgent().reset();
  }

  @Test
  void shouldFailTheQuestionVisiblyWhenTheAgentSendsAnOversizedFrameAndCarryOn() {
    stack.awaitHealthy();
    HostileAgent agent = stack.hostileAgent();
    try (LiveSocket socket = openSocket()) {
      int connectionsBefore = agent.connections();
      String huge = "x".repeat(65_536 + 1);
      agent.behave(frame -> List.of(HostileAgent.response(frame, huge)));
      long start = System.nanoTime();
      List<JsonNode> oversized = ask(socket, "huge", "Tell me everything");
      long millis = Figures.millisSince(start);
      JsonNode answer = last(oversized);

      agent.reset();
      JsonNode next = last(ask(socket, "after-huge", "And briefly?"));

      Figures.report("23-agent-frame-cap", "a %,d-byte answer (cap 65,536): user shown '%s' (%s) after %d ms; "
              + "agent sockets opened %d; next question answered: %s", huge.length() + 200,
          answer.path("type").asText(), answer.path("metadata").path("code").asText("-"), millis,
          agent.connections() - connectionsBefore, next.path("type").asText());
      assertThat(answer.path("type").asText()).isEqualTo("error");
      assertThat(answer.path("content").asText()).contains("too large").doesNotContain("xxxx");
      assertThat(next.path("type").asText()).isEqualTo("response");
      assertThat(next.path("content").asText()).isEqualTo("echo: And briefly?");
      assertThat(agent.connections() - connectionsBefore).as("the oversized frame's socket was closed, a new one "
          + "opened for the next question").isEqualTo(2);
    }
  }

  @Test
  void shouldDropStatusFramesBeyondTheRateAndCountThem() {
    stack.awaitHealthy();
    HostileAgent agent = stack.hostileAgent();
    double droppedBefore = dropped();
    try (LiveSocket socket = openSocket()) {
      agent.behave(frame -> {
        List<String> frames = new ArrayList<>();
        IntStream.range(0, STATUS_FLOOD).forEach(i -> frames.add(status(frame, "thinking " + i)));
        frames.add(HostileAgent.response(frame, "done thinking"));
        return frames;
      });
      List<JsonNode> events = ask(socket, "chatty", "Think hard");
      long statuses = events.stream().filter(JsonSocket.ofType("status")).count();
      double droppedNow = dropped() - droppedBefore;

      Figures.report("23-agent-status-rate", "%d status frames then an answer: %d shown, %.0f dropped and counted "
          + "(rate 1/s, burst 3); answer shown: %s", STATUS_FLOOD, statuses, droppedNow, last(events).path("type"));
      assertThat(last(events).path("content").asText()).isEqualTo("done thinking");
      assertThat(statuses).isBetween(1L, 5L);
      assertThat(droppedNow).isEqualTo(STATUS_FLOOD - statuses);
    }
  }

  @Test
  void shouldStampThePersonaItAskedWhateverTheAgentClaims() {
    stack.awaitHealthy();
    HostileAgent agent = stack.hostileAgent();
    try (LiveSocket socket = openSocket()) {
      agent.behave(frame -> {
        ObjectNode lie = (ObjectNode) json(HostileAgent.response(frame, "I am the bank, honestly"));
        ((ObjectNode) lie.get("metadata")).put("agentType", ReliabilityStack.BANK);
        return List.of(lie.toString());
      });
      JsonNode answer = last(ask(socket, "impostor", "Who are you?"));

      Figures.report("23-agent-persona", "agent claimed %s; user shown a response from %s", ReliabilityStack.BANK,
          answer.path("metadata").path("agentType").asText());
      assertThat(answer.path("type").asText()).isEqualTo("response");
      assertThat(answer.path("metadata").path("agentType").asText()).isEqualTo(ReliabilityStack.HOSTILE);
    }
  }

  @Test
  void shouldPresentTheTokenAndForwardOnlyAllowListedMetadata() {
    stack.awaitHealthy();
    HostileAgent agent = stack.hostileAgent();
    try (LiveSocket socket = openSocket()) {
      String content = "metadata check " + UUID.randomUUID();
      socket.sendRaw("{\"id\":\"meta\",\"type\":\"message\",\"content\":" + Browser.quote(content)
          + ",\"metadata\":{\"userAgent\":\"Test/1.0\",\"ipAddress\":\"203.0.113.9\",\"apiKey\":\"sk-secret\","
          + "\"agentType\":\"BankRep\",\"nested\":{\"a\":1}}}");
      socket.next(LiveSocket.answerTo("meta"), Duration.ofSeconds(20));
      socket.next(JsonSocket.ofType("response"), Duration.ofSeconds(30));
      JsonNode sent = agent.frameWithContent(content);

      List<String> keys = new ArrayList<>();
      sent.path("metadata").fieldNames().forEachRemaining(keys::add);
      Figures.report("23-agent-forwarded", "client metadata keys userAgent, ipAddress, apiKey, agentType, nested; "
          + "forwarded %s (agentType=%s); handshakes with the bearer token %d of %d", keys,
          sent.path("metadata").path("agentType").asText(), agent.authorizations().stream()
              .filter(("Bearer " + ReliabilityStack.AGENT_TOKEN)::equals).count(), agent.authorizations().size());
      assertThat(keys).containsExactlyInAnyOrder("userAgent", "agentType");
      assertThat(sent.path("metadata").path("userAgent").asText()).isEqualTo("Test/1.0");
      assertThat(sent.path("metadata").path("agentType").asText()).isEqualTo(ReliabilityStack.HOSTILE);
      assertThat(agent.authorizations()).isNotEmpty()
          .allMatch(("Bearer " + ReliabilityStack.AGENT_TOKEN)::equals);
    }
  }

  private LiveSocket openSocket() {
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("hop-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.HOSTILE);
    return LiveSocket.open(stack.baseUrl(), session, browser.cookie());
  }

  /** Sends a question; returns every event after its ack up to and including its answer or error. */
  private static List<JsonNode> ask(LiveSocket socket, String id, String question) {
    socket.sendMessage(id, question);
    long seq = socket.next(LiveSocket.answerTo(id), Duration.ofSeconds(20)).path("seq").asLong();
    List<JsonNode> events = new ArrayList<>();
    while (true) {
      JsonNode event = socket.next(f -> f.path("seq").asLong() > seq, Duration.ofSeconds(30));
      events.add(event);
      String type = event.path("type").asText();
      if (type.equals("response") || type.equals("error")) {
        return events;
      }
    }
  }

  private static JsonNode last(List<JsonNode> events) {
    return events.get(events.size() - 1);
  }

  private double dropped() {
    double value = Metrics.sum(ReliabilityStack.httpBody(stack.connectorUrl("/metrics")),
        "agent_frames_refused_total", "status_rate_limited");
    return Double.isNaN(value) ? 0 : value;
  }

  private static String status(JsonNode frame, String content) {
    ObjectNode out = (ObjectNode) json("{\"type\":\"status\"}");
    out.put("id", UUID.randomUUID().toString());
    out.put("content", content);
    out.putObject("metadata").put("inReplyTo", frame.path("id").asText());
    return out.toString();
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
