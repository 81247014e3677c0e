package io.chatrelay.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.HostileAgent;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An agent that answers garbage, answers someone else's question, or accepts and never answers: the person sees
 * an error in the conversation (not silence, not the garbage), and the next question is answered normally.
 */
class HostileAgentIT {

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @AfterEach
  void calmTheAgent() {
    stack.hostileAgent().reset();
  }

  @Test
  void shouldShowAnErrorInsteadOfGarbageOrSilenceAndThenCarryOn() {
    stack.awaitHealthy();
    HostileAgent agent = stack.hostileAgent();
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("hostile-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.HOSTILE);
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      agent.behave(frame -> List.of("not json at all", "{\"type\":\"response\"}", "[1,2,3]",
          "{\"id\":\"x\",\"type\":\"response\",\"content\":\"meant for another\",\"metadata\":{\"inReplyTo\":\""
              + UUID.randomUUID() + "\"}}",
          "{\"id\":\"y\",\"type\":\"unheard-of\",\"content\":\"?\"}"));
      long garbageStart = System.nanoTime();
      JsonNode afterGarbage = ask(socket, "garbage", "Say something sensible");
      long garbageMillis = Figures.millisSince(garbageStart);

      agent.behave(HostileAgent.SILENT);
      long silentStart = System.nanoTime();
      JsonNode afterSilence = ask(socket, "silent", "Are you listening?");
      long silentMillis = Figures.millisSince(silentStart);

      agent.reset();
      JsonNode normal = ask(socket, "normal", "And now?");

      Figures.report("13-hostile-agent", "garbage answers: user shown '%s' (%s) after %d ms; no answer: '%s' (%s) "
              + "after %d ms; next question answered: %s", afterGarbage.path("type").asText(),
          afterGarbage.path("metadata").path("code").asText("-"), garbageMillis, afterSilence.path("type").asText(),
          afterSilence.path("metadata").path("code").asText("-"), silentMillis, normal.path("type").asText());
      assertThat(afterGarbage.path("type").asText()).isEqualTo("error");
      assertThat(afterGarbage.path("content").asText()).doesNotContain("not json").doesNotContain("meant for another");
      assertThat(afterSilence.path("type").asText()).isEqualTo("error");
      assertThat(normal.path("type").asText()).isEqualTo("response");
      assertThat(normal.path("content").asText()).isEqualTo("echo: And now?");
    }
  }

  /** Sends a question and returns the first answer or error event that follows it. */
  private static JsonNode ask(LiveSocket socket, String id, String question) {
    socket.sendMessage(id, question);
    long seq = socket.next(LiveSocket.answerTo(id), Duration.ofSeconds(20)).path("seq").asLong();
    return socket.next(f -> f.path("seq").asLong() > seq && ("response".equals(f.path("type").asText())
        || "error".equals(f.path("type").asText())), Duration.ofSeconds(30));
  }
}
