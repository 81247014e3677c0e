package io.chatrelay.demoagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chatrelay.demoagent.Answer;
import io.chatrelay.demoagent.Persona;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramesTest {

  private final Frames frames =
      new Frames(Clock.fixed(Instant.parse("2025-03-01T10:15:30.123456Z"), ZoneOffset.UTC), () -> "out-1");

  @Test
  void shouldReadMessageFrameAsTheProtocolClientSendsIt() throws Exception {
    InboundFrame message = frames.parse("{\"id\":\"k3j4h5\",\"type\":\"message\",\"content\":\"<hi> & bye\","
        + "\"timestamp\":\"2025-03-01T10:15:29.000Z\",\"metadata\":{\"agentType\":\"TradeBodyRep\",\"x\":1}}");

    assertThat(message).isEqualTo(new InboundMessage("k3j4h5", "<hi> & bye", "TradeBodyRep"));
  }

  @Test
  void shouldAcceptMessageWithoutMetadata() throws Exception {
    assertThat(frames.parse("{\"id\":\"a\",\"type\":\"message\",\"content\":\"\"}"))
        .isEqualTo(new InboundMessage("a", "", null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
      "not json                                                  | Frame is not valid JSON.                    | ",
      "{\"id\":\"a\",\"type\":\"message\",\"content\":\"x\"} trailing | Frame is not valid JSON.            | ",
      "[1,2]                                                     | Frame must be a JSON object.                | ",
      "{\"id\":\"a\",\"content\":\"x\"}                          | Field 'type' must be the string \"message\" or \"cancel\". | a",
      "{\"id\":\"a\",\"type\":\"status\",\"content\":\"x\"}      | Unsupported frame type 'status'            | a",
      "{\"type\":\"message\",\"content\":\"x\"}                  | Field 'id' must be a non-empty string.      | ",
      "{\"id\":7,\"type\":\"message\",\"content\":\"x\"}         | Field 'id' must be a non-empty string.      | ",
      "{\"id\":\"a\",\"type\":\"message\"}                       | Field 'content' must be a string.           | a",
      "{\"id\":\"a\",\"type\":\"message\",\"content\":3}         | Field 'content' must be a string.           | a",
      "{\"id\":\"a\",\"type\":\"message\",\"content\":\"x\",\"metadata\":\"m\"} | Field 'metadata' must be an object. | a",
      "{\"id\":\"a\",\"type\":\"message\",\"content\":\"x\",\"metadata\":{\"agentType\":5}} | Field 'metadata.agentType' must be a string. | a",
      "{\"id\":\"c\",\"type\":\"cancel\"}                        | Field 'inReplyTo' must be the id of the message to cancel. | c",
      "{\"type\":\"cancel\",\"inReplyTo\":\" \"}                 | Field 'inReplyTo' must be the id of the message to cancel. | ",
      "{\"type\":\"cancel\",\"inReplyTo\":7}                     | Field 'inReplyTo' must be the id of the message to cancel. | "})
  void shouldRefuseFramesItCannotActOnWithReasonAndKnownId(String text, String reason, String requestId) {
    FrameException refused = catchThrowableOfType(FrameException.class, () -> frames.parse(text));

    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).startsWith(reason);
    assertThat(refused.requestId()).isEqualTo(requestId);
  }

  @Test
  void shouldReadCancelFrameWithOrWithoutItsOwnId() throws Exception {
    assertThat(frames.parse("{\"type\":\"cancel\",\"inReplyTo\":\"k3j4h5\"}"))
        .isEqualTo(new CancelRequest(null, "k3j4h5"));
    assertThat(frames.parse("{\"id\":\"c-1\",\"type\":\"cancel\",\"inReplyTo\":\"k3j4h5\",\"timestamp\":\"…\"}"))
        .isEqualTo(new CancelRequest("c-1", "k3j4h5"));
  }

  @Test
  void shouldWriteDeltaFrameCorrelatedTwiceWithItsIndex() {
    String json = frames.delta("req-9", Persona.BankRep, "Hello \"you\"\n", 3);

    assertThat(json).isEqualTo("{\"id\":\"out-1\",\"type\":\"response.delta\",\"inReplyTo\":\"req-9\","
        + "\"content\":\"Hello \\\"you\\\"\\n\",\"index\":3,\"timestamp\":\"2025-03-01T10:15:30.123Z\","
        + "\"metadata\":{\"agentType\":\"BankRep\",\"inReplyTo\":\"req-9\"}}");
  }

  @Test
  void shouldWriteResponseFrameWithCorrelationMetadata() {
    String json = frames.response("req-9", Persona.BankRep, new Answer("Hello \"you\" <b>", 0.9), 42);

    assertThat(json).isEqualTo("{\"id\":\"out-1\",\"type\":\"response\",\"content\":\"Hello \\\"you\\\" <b>\","
        + "\"timestamp\":\"2025-03-01T10:15:30.123Z\",\"metadata\":{\"agentType\":\"BankRep\",\"confidence\":0.9,"
        + "\"processingTime\":42,\"inReplyTo\":\"req-9\"}}");
  }

  @Test
  void shouldWriteErrorFrameAndOmitUnknownRequestId() {
    assertThat(frames.error("req-9", Persona.TradeBodyRep, "No."))
        .isEqualTo("{\"id\":\"out-1\",\"type\":\"error\",\"content\":\"No.\",\"timestamp\":\"2025-03-01T10:15:30.123Z\","
            + "\"metadata\":{\"agentType\":\"TradeBodyRep\",\"inReplyTo\":\"req-9\"}}");
    assertThat(frames.error(null, Persona.BankRep, "Bad."))
        .isEqualTo("{\"id\":\"out-1\",\"type\":\"error\",\"content\":\"Bad.\",\"timestamp\":\"2025-03-01T10:15:30.123Z\","
            + "\"metadata\":{\"agentType\":\"BankRep\"}}");
  }

  @Test
  void shouldWriteStatusFrame() {
    assertThat(frames.status("req-9", Persona.PaymentsEcosystemRep, "thinking"))
        .isEqualTo("{\"id\":\"out-1\",\"type\":\"status\",\"content\":\"thinking\","
            + "\"timestamp\":\"2025-03-01T10:15:30.123Z\","
            + "\"metadata\":{\"agentType\":\"PaymentsEcosystemRep\",\"inReplyTo\":\"req-9\"}}");
  }

  @Test
  void shouldGiveEveryOutboundFrameAFreshId() throws Exception {
    Frames real = new Frames(Clock.systemUTC());

    assertThat(real.status("r", Persona.BankRep, "thinking")).isNotEqualTo(real.status("r", Persona.BankRep, "thinking"));
    assertThatThrownBy(() -> real.parse("")).isInstanceOf(FrameException.class);
  }
}
