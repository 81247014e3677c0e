package io.chatrelay.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * Markup and script written by a person or returned by an agent travel as data: the API, the history and the live
 * frames carry them character for character, as JSON strings in JSON responses, never as something a browser
 * would render or run. (How the chat page renders them is the page's own tests' business.)
 */
class MarkupInertIT {

  private static final String FROM_PERSON = "<script>alert(\"person\")</script><img src=x onerror=alert(1)> & "
      + "\"quoted\" 'single' </textarea><!-- \u2028 {{7*7}} ${7*7}";
  private static final String FROM_AGENT = "<b onmouseover=alert(2)>bold</b><script>fetch('/steal?'+document.cookie)"
      + "</script><iframe src=javascript:alert(3)>";

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @AfterEach
  void calmTheAgent() {
    stack.hostileAgent().reset();
  }

  @Test
  void shouldCarryMarkupFromPeopleAndAgentsAsInertTextThroughApiHistoryAndLiveFrames() {
    stack.awaitHealthy();
    stack.hostileAgent().behave(frame -> List.of(HostileAgent.response(frame, FROM_AGENT)));
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("markup-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.HOSTILE);
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      Browser.Answer sent = browser.post("/api/v1/sessions/" + session + "/messages",
          "{\"content\":" + Browser.quote(FROM_PERSON) + ",\"metadata\":{\"<img src=x>\":\"<svg onload=alert(4)>\"}}");
      assertThat(sent.status()).isEqualTo(200);
      assertThat(sent.header("Content-Type")).startsWith("application/json");
      JsonNode stored = sent.json().get("message");
      assertThat(stored.get("content").asText()).isEqualTo(FROM_PERSON.strip());
      assertThat(stored.get("metadata").get("<img src=x>").asText()).isEqualTo("<svg onload=alert(4)>");

      socket.sendMessage("live-markup", FROM_PERSON);
      JsonNode live = socket.next(f -> "message".equals(f.path("type").asText())
          && f.path("content").asText().equals(FROM_PERSON.strip()) && f.path("seq").asLong() > stored.get("seq")
          .asLong(), Duration.ofSeconds(30));
      JsonNode reply = socket.next(f -> "response".equals(f.path("type").asText()), Duration.ofSeconds(30));
      assertThat(reply.get("content").asText()).isEqualTo(FROM_AGENT);

      await().atMost(Duration.ofSeconds(30)).until(() -> browser.history(session).size() == 4);
      Browser.Answer history = browser.get("/api/v1/sessions/" + session + "/messages");
      assertThat(history.header("Content-Type")).startsWith("application/json");
      assertThat(history.header("X-Content-Type-Options")).as("a browser must not sniff it into a page")
          .isEqualTo("nosniff");
      JsonNode messages = history.json().get("messages");
      assertThat(messages).filteredOn(m -> "user".equals(m.get("role").asText()))
          .extracting(m -> m.get("content").asText()).containsExactly(FROM_PERSON.strip(), FROM_PERSON.strip());
      assertThat(messages).filteredOn(m -> "assistant".equals(m.get("role").asText()))
          .extracting(m -> m.get("content").asText()).containsExactly(FROM_AGENT, FROM_AGENT);
      Browser.Answer listed = browser.get("/api/v1/sessions/" + session);
      assertThat(listed.header("Content-Type")).startsWith("application/json");

      Figures.report("15-markup-inert", "markup from a person (REST and WebSocket) and from an agent came back "
              + "character for character in the send answer, the live frames (%s) and the history (%d entries), always "
              + "as JSON strings in application/json with X-Content-Type-Options: nosniff",
          live.path("type").asText() + "/" + reply.path("type").asText(), messages.size());
    }
  }
}
