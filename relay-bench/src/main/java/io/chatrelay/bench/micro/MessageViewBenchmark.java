package io.chatrelay.bench.micro;

import io.chatrelay.events.AgentReply;
import io.chatrelay.views.MessageView;
import io.chatrelay.views.MessageViews;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A history entry as JSON: written by the projector for every message and reply, read by the edge for every entry
 * of a history page (100 per {@code GET .../messages}) and every live frame of a resume.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageViewBenchmark {

  private AgentReply answer;
  private String answerJson;

  @Setup
  public void setUp() {
    answer = Samples.answer(Samples.question(UUID.randomUUID().toString(), "bench-user"));
    answerJson = MessageViews.of(answer, 4_242L).orElseThrow().toJson();
  }

  @Benchmark
  public String eventToViewJson() {
    return MessageViews.of(answer, 4_242L).orElseThrow().toJson();
  }

  @Benchmark
  public MessageView readViewJson() {
    return MessageView.fromJson(answerJson);
  }
}
