package io.chatrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ChatEventSerdeTest {

  @Test
  void shouldRefuseTheJsonNullLiteralInsteadOfReturningNoEvent() {
    assertThatThrownBy(() -> ChatEventSerde.fromBytes("null".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("null");
    assertThatThrownBy(() -> ChatEventSerde.fromBytes(" null ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldNeverQuoteTheRecordInItsMessageBecauseTheMessageIsLogged() {
    String secret = "what-a-person-wrote";
    for (String value : new String[] {
        "{\"type\":\"UserMessage\",\"eventId\":\"" + secret + "\"}",
        "{\"type\":\"" + secret + "\"}",
        secret,
        "{\"type\":\"UserMessage\",\"occurredAt\":\"" + secret + "\",\"sessionId\":\"s\"}"}) {
      assertThatThrownBy(() -> ChatEventSerde.fromBytes(value.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(SerializationException.class)
          .satisfies(e -> assertThat(e.getMessage()).startsWith("not a chat event").doesNotContain(secret));
    }
  }
}
