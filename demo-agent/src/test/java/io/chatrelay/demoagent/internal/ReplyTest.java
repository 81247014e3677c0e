package io.chatrelay.demoagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.demoagent.Answer;
import io.chatrelay.demoagent.Persona;
import io.chatrelay.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One answer's frames and their pace, on a manual clock: the stream's timing is checked without waiting. */
class ReplyTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ManualClock clock = new ManualClock(Instant.parse("2025-06-01T12:00:00Z"));
  private final ManualTicker ticker = new ManualTicker(clock);
  private final Frames frames = new Frames(clock);
  private final List<JsonNode> sent = new ArrayList<>();
  private final Consumer<Supplier<String>> out = frame -> sent.add(read(frame.get()));

  @Test
  void shouldStreamTokensAtTheConfiguredRateThenTheWholeResponse() {
    Answer answer = words(120);
    Reply reply = reply(plan(answer, 40, false), ticker);

    reply.deliver();
    assertThat(sent).isEmpty(); // the first tick has not run yet
    ticker.advance(Duration.ZERO);
    assertThat(deltas()).hasSize(1);
    ticker.advance(Duration.ofMillis(999));
    assertThat(deltas()).hasSize(40); // one every 25 ms: tokens 0..39 by 975 ms
    ticker.advance(Duration.ofMillis(1));
    assertThat(deltas()).hasSize(41);
    assertThat(deltas().get(40).path("timestamp").asText()).isEqualTo("2025-06-01T12:00:01Z");
    ticker.advance(Duration.ofMillis(1_974));
    assertThat(sent).hasSize(119).allMatch(ReplyTest::isDelta);
    assertThat(reply.finished()).isNotDone();
    ticker.advance(Duration.ofMillis(1)); // token 119 is due at 119 / 40 s = 2.975 s

    assertThat(reply.finished()).isDone();
    assertThat(sent).hasSize(121);
    JsonNode response = sent.get(120);
    assertThat(response.path("type").asText()).isEqualTo("response");
    assertThat(response.path("content").asText()).isEqualTo(answer.text());
    assertThat(response.at("/metadata/processingTime").asLong()).isEqualTo(2_975);
    assertThat(deltas()).extracting(delta -> delta.path("index").asInt())
        .containsExactlyElementsOf(IntStream.range(0, 120).boxed().toList());
    assertThat(deltas().stream().map(delta -> delta.path("content").asText()).collect(Collectors.joining()))
        .isEqualTo(answer.text());
    assertThat(ticker.running()).isZero();
  }

  @Test
  void shouldSendNothingMoreOnceCancelledMidStream() {
    Reply reply = reply(plan(words(50), 10, false), ticker);
    reply.deliver();
    ticker.advance(Duration.ofMillis(250)); // ticks at 0, 100 and 200 ms

    boolean stopped = reply.cancel();
    ticker.advance(Duration.ofSeconds(10));

    assertThat(stopped).isTrue();
    assertThat(sent).hasSize(3).allMatch(ReplyTest::isDelta);
    assertThat(reply.finished()).isDone();
    assertThat(ticker.running()).isZero();
    assertThat(reply.cancel()).as("a second cancel").isFalse();
  }

  @Test
  void shouldSendNothingAtAllWhenCancelledBeforeItsTurn() {
    Reply reply = reply(plan(Persona.BankRep.answer("What fees?"), 10, true), ticker);

    assertThat(reply.cancel()).isTrue();
    reply.sendThinking();
    reply.deliver();
    ticker.advance(Duration.ofSeconds(10));

    assertThat(sent).isEmpty();
    assertThat(reply.finished()).isDone();
    assertThat(ticker.running()).isZero();
  }

  @Test
  void shouldSendAnUnstreamedAnswerAsOneResponseAndIgnoreALaterCancel() {
    Answer answer = Persona.TradeBodyRep.answer("How do I join?");
    Reply reply = reply(plan(answer, 0, false), ticker);

    assertThat(reply.deliver()).isDone();

    assertThat(sent).singleElement().satisfies(frame -> {
      assertThat(frame.path("type").asText()).isEqualTo("response");
      assertThat(frame.path("content").asText()).isEqualTo(answer.text());
    });
    assertThat(reply.cancel()).isFalse();
    assertThat(ticker.running()).isZero();
  }

  @Test
  void shouldStopTickingWhenTheFirstTickEndsTheStreamBeforeStartReturns() {
    AtomicBoolean stopped = new AtomicBoolean();
    Ticker eager = (period, tick) -> {
      tick.run();
      return () -> stopped.set(true);
    };
    Reply reply = reply(plan(new Answer("Hi", 0.5), 10, false), eager);

    reply.deliver();

    assertThat(sent).extracting(frame -> frame.path("type").asText()).containsExactly("response.delta", "response");
    assertThat(reply.finished()).isDone();
    assertThat(stopped).isTrue();
  }

  @Test
  void shouldFinishWithoutFramesWhenTheSchedulerIsShutDown() {
    Ticker shutDown = (period, tick) -> {
      throw new RejectedExecutionException("shut down");
    };
    Reply reply = reply(plan(new Answer("Hi there", 0.5), 10, false), shutDown);

    reply.deliver();

    assertThat(sent).isEmpty();
    assertThat(reply.finished()).isDone();
  }

  private Reply reply(ReplyPlan plan, Ticker ticks) {
    return new Reply(plan, clock.millis(), "session-1", frames, clock, ticks, out);
  }

  private static Answer words(int count) {
    return new Answer(IntStream.range(0, count).mapToObj(i -> "word" + i).collect(Collectors.joining(" ")), 0.5);
  }

  private static ReplyPlan plan(Answer answer, int tokensPerSecond, boolean thinkingFirst) {
    return new ReplyPlan("req-1", Persona.BankRep, Duration.ZERO, thinkingFirst, answer, null, tokensPerSecond);
  }

  private List<JsonNode> deltas() {
    return sent.stream().filter(ReplyTest::isDelta).toList();
  }

  private static boolean isDelta(JsonNode frame) {
    return frame.path("type").asText().equals("response.delta");
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
