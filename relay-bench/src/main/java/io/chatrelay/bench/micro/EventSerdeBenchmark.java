package io.chatrelay.bench.micro;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.UserMessage;
import java.io.IOException;
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
 * {@code readUserMessageWithJacksonInstants} is the baseline of the same run: the same event read as the serde did
 * before it parsed timestamps itself (Jackson's Java time module, the type looked up per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventSerdeBenchmark {

  private UserMessage question;
  private AgentReply answer;
  private byte[] questionBytes;
  private byte[] answerBytes;
  private ObjectMapper jacksonInstants;

  @Setup
  public void setUp() {
    question = Samples.question(UUID.randomUUID().toString(), "bench-user");
    answer = Samples.answer(question);
    questionBytes = ChatEventSerde.toBytes(question);
    answerBytes = ChatEventSerde.toBytes(answer);
    jacksonInstants = JsonMapper.builder().addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
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
  public ChatEvent readUserMessageWithJacksonInstants() throws IOException {
    return jacksonInstants.readValue(questionBytes, ChatEvent.class);
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
