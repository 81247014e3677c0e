package io.chatrelay.bench.micro;

import io.chatrelay.events.AgentReply;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.UserMessage;
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
 * The log's JSON serde: every event is written once by its producer and read by each of the log's readers (the
 * edge's live feed, the connector, the projector, analytics), so reading costs four times what writing does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventSerdeBenchmark {

  private UserMessage question;
  private AgentReply answer;
  private byte[] questionBytes;
  private byte[] answerBytes;

  @Setup
  public void setUp() {
    question = Samples.question(UUID.randomUUID().toString(), "bench-user");
    answer = Samples.answer(question);
    questionBytes = ChatEventSerde.toBytes(question);
    answerBytes = ChatEventSerde.toBytes(answer);
  }

  @Benchmark
  public byte[] writeUserMessage() {
    return ChatEventSerde.toBytes(question);
  }

  @Benchmark
  public ChatEvent readUserMessage() {
    return ChatEventSerde.fromBytes(questionBytes);
  }

  @Benchmark
  public byte[] writeAgentReply() {
    return ChatEventSerde.toBytes(answer);
  }

  @Benchmark
  public ChatEvent readAgentReply() {
    return ChatEventSerde.fromBytes(answerBytes);
  }
}
