package io.chatrelay.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.JsonSerde;
import io.chatrelay.events.StreamStats;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalSerdeTest {

  private final Serde<Signal> serde = SignalSerde.serde();

  private Signal roundTrip(Signal signal) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", signal));
  }

  @Test
  void shouldCarryEveryKindAndTheLatencyInNineBytes() {
    assertThat(roundTrip(Signal.userMessage())).isEqualTo(Signal.userMessage());
    assertThat(roundTrip(Signal.error())).isEqualTo(Signal.error());
    assertThat(roundTrip(Signal.reply(1_234))).isEqualTo(Signal.reply(1_234));
    assertThat(roundTrip(Signal.reply(Long.MAX_VALUE))).isEqualTo(Signal.reply(Long.MAX_VALUE));
    assertThat(serde.serializer().serialize("t", Signal.reply(86_400_000))).hasSize(9);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void shouldCarryRatingsAndStoppedOrStreamedRepliesWhole() {
    Signal streamed = Signal.reply(2_000, null, new StreamStats(40, 4, 150, 1_800));
    Signal cancelled = Signal.reply(900, Signal.Finish.CANCELLED, new StreamStats(3, 1, 120, 80));
    Signal interrupted = Signal.reply(Long.MAX_VALUE, Signal.Finish.INTERRUPTED, null);

    assertThat(roundTrip(Signal.feedback(true))).isEqualTo(Signal.feedback(true));
    assertThat(roundTrip(Signal.feedback(false))).isEqualTo(Signal.feedback(false));
    assertThat(serde.serializer().serialize("t", Signal.feedback(false))).hasSize(9);
    assertThat(roundTrip(streamed)).isEqualTo(streamed);
    assertThat(roundTrip(cancelled)).isEqualTo(cancelled);
    assertThat(roundTrip(interrupted)).isEqualTo(interrupted);
    assertThat(serde.serializer().serialize("t", cancelled)).hasSize(35);
    assertThat(serde.serializer().serialize("t", Signal.reply(5, null, null))).as("a plain reply as before")
        .hasSize(9);
  }

  @Test
  void shouldReadNegativeStreamFiguresAsZero() {
    Signal signal = Signal.reply(-1, null, new StreamStats(-3, -1, -50, -10));

    assertThat(roundTrip(signal).stream()).isEqualTo(new StreamStats(0, 0, 0, 0));
    assertThat(roundTrip(signal).latencyMs()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // A finish byte of 3, a streamed byte of 2, a negative token count, one byte short.
      "0600000000000000010300000000000000000000000000000000000000000000000000",
      "0600000000000000010002000000030000000100000000000000780000000000000050",
      "0600000000000000010001fffffffd0000000100000000000000780000000000000050",
      "06000000000000000100010000000300000001000000000000007800000000000000"})
  void shouldRefuseReplySignalsThatAreNotWhole(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldReadSignalsThatEarlierVersionsWroteAsJson() {
    byte[] written = new JsonSerde<>(Signal.class).serialize("t", Signal.reply(1_200));

    assertThat(serde.deserializer().deserialize("t", written)).isEqualTo(Signal.reply(1_200));
    assertThat(serde.deserializer().deserialize("t",
        "{\"kind\":\"USER_MESSAGE\",\"latencyMs\":0}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Signal.userMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "02", "020000000000000004b0ff", "000000000000000000", "090000000000000000",
      "02ffffffffffffffff"})
  void shouldRefuseBytesThatAreNotASignal(String hex) {
    // Empty, one byte, ten bytes, unknown kinds 0 and 9, a negative latency.
    byte[] bytes = HexFormat.of().parseHex(hex);

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{nope", "{}", "{\"kind\":\"POKE\"}", "{\"kind\":\"REPLY\",\"latencyMs\":-5}",
      "{\"kind\":\"ERROR\"} trailing"})
  void shouldRefuseJsonThatIsNotASignal(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class);
  }
}
