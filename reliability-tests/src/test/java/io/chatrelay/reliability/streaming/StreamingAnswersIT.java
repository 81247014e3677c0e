package io.chatrelay.reliability.streaming;

import static io.chatrelay.testing.JsonSocket.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.ChildJvm;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed answers through the whole product: the demo agent streams ({@code /stream N}, 50 tokens a second), the
 * connector writes chunks to the real broker, the projector keeps the answer being written in the real Redis, and
 * browsers follow it over real WebSockets. Whatever happens mid-answer, the text a browser shows is the text of the
 * answer, never with a piece missing or shown twice.
 */
class StreamingAnswersIT {

  private static final Duration ANSWER = Duration.ofSeconds(60);

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @AfterEach
  void connectorBack() {
    if (!stack.connector().isRunning()) {
      stack.connector().start();
    }
  }

  private static Predicate<JsonNode> deltaOf(String question) {
    return frame -> ofType("delta").test(frame) && question.equals(frame.path("inReplyTo").asText());
  }

  private static Predicate<JsonNode> answerOf(String question) {
    return frame -> ofType("response").test(frame) && question.equals(frame.path("metadata").path("inReplyTo")
        .asText());
  }

  private static String text(List<JsonNode> deltas) {
    return deltas.stream().map(d -> d.path("content").asText()).collect(Collectors.joining());
  }

  /** A session of a new user talking to the streaming bank representative. */
  private String openSession(Browser browser, String name) {
    stack.awaitHealthy();
    return browser.openSession(name + "-" + UUID.randomUUID().toString().substring(0, 8), ReliabilityStack.BANK);
  }

  /** Sends {@code content} over {@code socket}; returns the user message's event id, from its own frame. */
  private static String ask(LiveSocket socket, String content) {
    String id = "s-" + UUID.randomUUID();
    socket.sendMessage(id, content);
    JsonNode ack = socket.next(LiveSocket.answerTo(id), ANSWER);
    LiveSocket.ack(ack, id);
    long seq = ack.path("seq").asLong();
    return socket.next(f -> ofType("message").test(f) && f.path("seq").asLong() == seq, ANSWER).path("id")
        .asText();
  }

  @Test
  void shouldShowTheWholeAnswerAsItStreamsAndEndItWithTheSameText() {
    Browser browser = new Browser(stack.baseUrl());
    String session = openSession(browser, "stream");
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      String question = ask(socket, "/stream 60 What are the fees?");
      List<JsonNode> frames = socket.until(answerOf(question));
      List<JsonNode> deltas = frames.stream().filter(deltaOf(question)).toList();
      JsonNode answer = frames.get(frames.size() - 1);

      assertThat(deltas).as("streamed in chunks, not in one piece").hasSizeGreaterThan(2);
      assertThat(text(deltas)).isEqualTo(answer.path("content").asText());
      assertThat(answer.path("content").asText().split(" ")).hasSize(60);
      assertThat(answer.path("status").asText()).isEqualTo("delivered");

      // An agent that does not stream (the seed's protocol): no delta at all, just the answer.
      String plain = ask(socket, "What are the fees?");
      List<JsonNode> plainFrames = socket.until(answerOf(plain));
      assertThat(plainFrames).noneMatch(ofType("delta"));
      assertThat(plainFrames.get(plainFrames.size() - 1).path("content").asText()).isNotBlank();
    }
  }

  @Test
  void shouldResumeMidAnswerOnAnotherEdgeWithTheMissingTextOnceAndThenTheRest() throws Exception {
    int port = ReliabilityStack.freePort();
    Browser browser = new Browser(stack.baseUrl());
    String session = openSession(browser, "stream-resume");
    try (ChildJvm otherEdge = stack.edgeJvm("edge-stream", port, Map.of()).start()) {
      List<JsonNode> seen = new ArrayList<>();
      String question;
      long lastSeq;
      try (LiveSocket first = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
        question = ask(first, "/stream 200 Tell me everything about fees");
        for (int i = 0; i < 3; i++) {
          seen.add(first.next(deltaOf(question), ANSWER));
        }
        lastSeq = seen.get(seen.size() - 1).path("seq").asLong();
      }
      // More is written while no browser is connected; then the browser comes back on the other edge.
      Thread.sleep(1_000);
      try (LiveSocket second = LiveSocket.resume("http://127.0.0.1:" + port, session, browser.cookie(), lastSeq)) {
        List<JsonNode> rest = second.until(answerOf(question));
        List<JsonNode> deltas = rest.stream().filter(deltaOf(question)).toList();
        JsonNode answer = rest.get(rest.size() - 1);
        seen.addAll(deltas);

        assertThat(deltas).as("the text written while away comes first, as one delta, then live").isNotEmpty();
        assertThat(text(seen)).as("no gap, no repeat").isEqualTo(answer.path("content").asText());
        List<Long> seqs = seen.stream().map(d -> d.path("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        Figures.report("stream-resume", "resumed after seq %d on another edge: %d deltas before, %d after; %d "
            + "characters shown once each", lastSeq, 3, deltas.size(), answer.path("content").asText().length());
      }
    }
  }

  @Test
  void shouldStopAnAnswerWhenTheUserCancelsItKeepingTheTextSoFar() {
    Browser browser = new Browser(stack.baseUrl());
    String session = openSession(browser, "stream-stop");
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      String question = ask(socket, "/stream 1000 Tell me a long story");
      List<JsonNode> deltas = new ArrayList<>();
      deltas.add(socket.next(deltaOf(question), ANSWER));
      deltas.add(socket.next(deltaOf(question), ANSWER));

      String cancelId = "c-" + UUID.randomUUID();
      socket.send("{\"id\":\"" + cancelId + "\",\"type\":\"cancel\",\"inReplyTo\":\"" + question + "\"}");
      List<JsonNode> rest = socket.until(answerOf(question));
      rest.stream().filter(deltaOf(question)).forEach(deltas::add);
      JsonNode answer = rest.get(rest.size() - 1);

      assertThat(rest).anyMatch(f -> ofType("ack").test(f) && cancelId.equals(f.path("id").asText()));
      assertThat(answer.path("status").asText()).isEqualTo("cancelled");
      assertThat(answer.path("content").asText()).as("the text shown so far is kept").isEqualTo(text(deltas));
      assertThat(answer.path("content").asText().split(" ").length).as("stopped long before the end")
          .isLessThan(1000);
      assertThat(socket.drain(Duration.ofSeconds(1))).as("nothing more of it after the end")
          .noneMatch(deltaOf(question));

      // The agent is free for the next question on the same session.
      String next = ask(socket, "And the fees?");
      assertThat(socket.next(answerOf(next), ANSWER).path("status").asText()).isEqualTo("delivered");
      await().atMost(ANSWER).untilAsserted(() -> assertThat(browser.history(session).findValuesAsText("status"))
          .as("the history keeps the stopped answer as stopped").contains("cancelled", "delivered"));
    }
  }

  @Test
  void shouldEndAnAnswerCutByAConnectorKillWithTheTextSoFarAndNeverRepeatIt() {
    Browser browser = new Browser(stack.baseUrl());
    String session = openSession(browser, "stream-kill");
    try (LiveSocket socket = LiveSocket.open(stack.baseUrl(), session, browser.cookie())) {
      String question = ask(socket, "/stream 1000 Tell me a long story");
      List<JsonNode> deltas = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        deltas.add(socket.next(deltaOf(question), ANSWER));
      }
      stack.connector().kill();
      long killed = System.nanoTime();
      stack.connector().start();

      List<JsonNode> rest = socket.until(answerOf(question));
      rest.stream().filter(deltaOf(question)).forEach(deltas::add);
      JsonNode answer = rest.get(rest.size() - 1);
      String status = answer.path("status").asText();

      assertThat(status).as("it ends, with a clear mark").isIn("interrupted", "delivered");
      assertThat(answer.path("content").asText()).as("the text shown, once").isEqualTo(text(deltas));
      Figures.report("stream-connector-kill", "connector SIGKILLed mid-answer after %d deltas; the answer ended "
              + "'%s' with %d characters, %d ms after the kill", 3, status, answer.path("content").asText().length(),
          Figures.millisSince(killed));
    }
    stack.awaitHealthy();
  }
}
