package io.chatrelay.demoagent;

import static io.chatrelay.demoagent.AgentFixture.FIXED;
import static io.chatrelay.demoagent.AgentFixture.NOW_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.testing.JsonSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streamed answers, {@code /stream} and cancel, over real WebSocket connections. */
class DemoAgentStreamingIT {

  /** Fast enough to keep the tests short, slow enough that a stream of a few hundred tokens takes many ticks. */
  private static final int FAST = 1_000;
  /** Long enough for a frame sent in error to arrive; a leaking stream at 50 tokens/s sends several in it. */
  private static final Duration QUIET = Duration.ofMillis(300);

  @RegisterExtension
  final AgentFixture fixture = new AgentFixture();

  @Test
  void shouldStreamDeltasThatJoinExactlyIntoTheFinalResponse() throws Exception {
    DemoAgent agent = fixture.start(DemoAgentConfig.defaults().withPort(0).withTokensPerSecond(FAST), FIXED);
    AgentClient client = fixture.connect(agent.url(Persona.PaymentsEcosystemRep));

    String requestId = client.ask("How do transfers work?");
    List<JsonNode> frames = client.until(isResponseTo(requestId));

    String expected = Persona.PaymentsEcosystemRep.answer("How do transfers work?").text();
    List<JsonNode> deltas = frames.subList(0, frames.size() - 1);
    assertThat(deltas).hasSize(expected.split(" ").length);
    assertThat(deltas).allSatisfy(delta -> {
      assertThat(delta.fieldNames()).toIterable()
          .containsExactly("id", "type", "inReplyTo", "content", "index", "timestamp", "metadata");
      assertThat(delta.path("type").asText()).isEqualTo("response.delta");
      assertThat(delta.path("id").asText()).isNotBlank().isNotEqualTo(requestId);
      assertThat(delta.path("inReplyTo").asText()).isEqualTo(requestId);
      assertThat(delta.path("timestamp").asText()).isEqualTo(NOW_TEXT);
      assertThat(delta.path("metadata").fieldNames()).toIterable().containsExactly("agentType", "inReplyTo");
      assertThat(delta.at("/metadata/agentType").asText()).isEqualTo("PaymentsEcosystemRep");
      assertThat(delta.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    });
    assertThat(indexes(deltas)).containsExactlyElementsOf(IntStream.range(0, deltas.size()).boxed().toList());
    JsonNode response = frames.get(frames.size() - 1);
    assertThat(joined(deltas)).isEqualTo(response.path("content").asText()).isEqualTo(expected);
    assertThat(response.at("/metadata").fieldNames()).toIterable()
        .containsExactly("agentType", "confidence", "processingTime", "inReplyTo");
  }

  @Test
  void shouldSendOnlyTheResponseWhenStreamingIsNotConfigured() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());

    String requestId = client.ask("What fees?");
    JsonNode first = client.next();

    assertThat(first.path("type").asText()).isEqualTo("response");
    assertThat(first.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    assertThat(client.drain(QUIET)).isEmpty();
  }

  @Test
  void shouldStreamALongAnswerOfExactlyTheRequestedTokensEvenWhenStreamingIsNotConfigured() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url(Persona.TradeBodyRep));

    String requestId = client.ask("/stream 120 What about the rules?");
    List<JsonNode> frames = client.until(isResponseTo(requestId));

    List<JsonNode> deltas = frames.subList(0, frames.size() - 1);
    assertThat(deltas).hasSize(120).allMatch(isDeltaTo(requestId));
    assertThat(indexes(deltas)).containsExactlyElementsOf(IntStream.range(0, 120).boxed().toList());
    String expected = Persona.TradeBodyRep.longAnswer("What about the rules?", 120).text();
    assertThat(joined(deltas)).isEqualTo(expected);
    assertThat(frames.get(120).path("content").asText()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/stream 0", "/stream abc", "/stream 5001 What fees?"})
  void shouldRefuseBadStreamLengthsWithErrorFrame(String content) throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());

    String requestId = client.ask(content);
    JsonNode reply = client.next();

    assertThat(reply.path("type").asText()).isEqualTo("error");
    assertThat(reply.path("content").asText()).startsWith("Usage: /stream <tokens>");
    assertThat(reply.at("/metadata/inReplyTo").asText()).isEqualTo(requestId);
    assertThat(client.drain(QUIET)).isEmpty();
  }

  @Test
  void shouldStopStreamingOnCancelWithoutResponseAndAnswerTheNextMessage() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());
    String streaming = client.ask("/stream 5000");
    client.next(isDeltaTo(streaming).and(delta -> delta.path("index").asInt() == 2), JsonSocket.WAIT);

    client.cancel(streaming);
    String next = client.ask("What fees?");
    JsonNode answer = client.next(isResponseTo(next), JsonSocket.WAIT);

    List<JsonNode> all = client.received();
    List<JsonNode> deltas = all.stream().filter(isDeltaTo(streaming)).toList();
    // Those the agent sent before it read the cancel arrive; nothing after them, and no response.
    assertThat(deltas.size()).isBetween(3, 4_999);
    assertThat(indexes(deltas)).containsExactlyElementsOf(IntStream.range(0, deltas.size()).boxed().toList());
    assertThat(all).noneMatch(isResponseTo(streaming)).noneMatch(ofType("error"));
    assertThat(answer.path("content").asText()).isEqualTo(Persona.BankRep.answer("What fees?").text());
    assertThat(client.drain(QUIET)).isEmpty();
  }

  @Test
  void shouldAnswerNothingForAMessageCancelledWhileItWaits() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());
    String waiting = client.ask("/slow 60000 What fees?");

    client.cancel(waiting);
    String next = client.ask("How do I open an account?");
    JsonNode first = client.next();

    // Answers go in arrival order: had the cancelled message kept its turn, this would come after 60 s, not first.
    assertThat(first.path("type").asText()).isEqualTo("response");
    assertThat(first.at("/metadata/inReplyTo").asText()).isEqualTo(next);
    assertThat(client.drain(QUIET)).isEmpty();
  }

  @Test
  void shouldIgnoreCancelsForUnknownAndFinishedMessagesSilently() throws Exception {
    AgentClient client = fixture.connect(fixture.start().url());
    String finished = client.ask("What fees?");
    client.next(isResponseTo(finished), JsonSocket.WAIT);

    client.cancel(finished);
    client.cancel("never-sent");
    client.send("{\"id\":\"c-1\",\"type\":\"cancel\",\"inReplyTo\":\"never-sent-either\"}");
    String next = client.ask("Tell me about loans");
    JsonNode first = client.next();

    assertThat(first.path("type").asText()).isEqualTo("response");
    assertThat(first.at("/metadata/inReplyTo").asText()).isEqualTo(next);
  }

  @Test
  void shouldStreamOneAnswerAfterAnotherInArrivalOrder() throws Exception {
    DemoAgent agent = fixture.start(DemoAgentConfig.defaults().withPort(0).withTokensPerSecond(FAST), FIXED);
    AgentClient client = fixture.connect(agent.url());

    String first = client.ask("/stream 200");
    String second = client.ask("/status What fees?");
    List<JsonNode> frames = client.until(isResponseTo(second));

    // Runs of the same kind of frame collapsed: any interleaving of the two answers would show as a longer list.
    List<String> runs = new ArrayList<>();
    for (JsonNode frame : frames) {
      String kind = frame.path("type").asText() + "@" + frame.at("/metadata/inReplyTo").asText();
      if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(kind)) {
        runs.add(kind);
      }
    }
    assertThat(runs).containsExactly("response.delta@" + first, "response@" + first,
        "status@" + second, "response.delta@" + second, "response@" + second);
    assertThat(frames.stream().filter(isDeltaTo(first))).hasSize(200);
  }

  private static Predicate<JsonNode> ofType(String type) {
    return frame -> type.equals(frame.path("type").asText());
  }

  private static Predicate<JsonNode> isDeltaTo(String requestId) {
    return ofType("response.delta").and(frame -> requestId.equals(frame.path("inReplyTo").asText()));
  }

  private static Predicate<JsonNode> isResponseTo(String requestId) {
    return ofType("response").and(frame -> requestId.equals(frame.at("/metadata/inReplyTo").asText()));
  }

  private static List<Integer> indexes(List<JsonNode> deltas) {
    return deltas.stream().map(delta -> delta.path("index").asInt()).toList();
  }

  private static String joined(List<JsonNode> deltas) {
    return deltas.stream().map(delta -> delta.path("content").asText()).collect(Collectors.joining());
  }
}
