package io.chatrelay.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.StreamStats;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The stream, stop and rating figures of a minute, and the store form that carries them. */
class MinuteAggregateAnswerFiguresTest {

  private static final Instant MINUTE = Instant.parse("2026-01-15T10:00:00Z");
  private static final Serde<MinuteAggregate> SERDE = MinuteAggregate.serde();

  private static MinuteAggregate roundTrip(MinuteAggregate minute) {
    return SERDE.deserializer().deserialize("t", SERDE.serializer().serialize("t", minute));
  }

  private static AgentMinuteStats stats(MinuteAggregate minute) {
    return minute.toStats(AgentType.BankRep, MINUTE);
  }

  /** Every kind of signal, each count different, so a count read into another's place shows. */
  private static MinuteAggregate everyKind() {
    MinuteAggregate minute = new MinuteAggregate().add(Signal.reply(900)).add(Signal.reply(400))
        .add(Signal.reply(1_500, Signal.Finish.CANCELLED, new StreamStats(40, 4, 150, 2_000)))
        .add(Signal.reply(700, Signal.Finish.INTERRUPTED, null))
        .add(Signal.reply(800, Signal.Finish.INTERRUPTED, null))
        .add(Signal.reply(300, null, new StreamStats(10, 2, 80, 1_000)))
        .add(Signal.reply(350, null, new StreamStats(7, 1, 60, 700)));
    add(minute, Signal.userMessage(), 9);
    add(minute, Signal.error(), 4);
    add(minute, Signal.feedback(true), 5);
    return add(minute, Signal.feedback(false), 6);
  }

  private static MinuteAggregate add(MinuteAggregate minute, Signal signal, int times) {
    for (int i = 0; i < times; i++) {
      minute.add(signal);
    }
    return minute;
  }

  @Test
  void shouldCountEveryFigureOfTheMinute() {
    AgentMinuteStats stats = stats(everyKind());

    assertThat(stats.userMessages()).isEqualTo(9);
    assertThat(stats.replies()).isEqualTo(7);
    assertThat(stats.errors()).isEqualTo(4);
    assertThat(stats.latencyMs().count()).isEqualTo(7);
    assertThat(stats.cancelled()).isEqualTo(1);
    assertThat(stats.interrupted()).isEqualTo(2);
    assertThat(stats.feedbackUp()).isEqualTo(5);
    assertThat(stats.feedbackDown()).isEqualTo(6);
    assertThat(stats.streamedReplies()).isEqualTo(3);
    assertThat(stats.tokens()).isEqualTo(57);
    assertThat(stats.streamMs()).isEqualTo(3_700);
    assertThat(stats.timeToFirstTokenMs()).isEqualTo(new AgentMinuteStats.Latency(3, 80, 150, 150, 150, 150));
    assertThat(stats.tokensPerSecond()).isEqualTo(new AgentMinuteStats.Rate(3, 10.0, 10.0, 20.0));
  }

  @Test
  void shouldKeepEveryFigureAcrossTheStoreRoundTripWhetherOrNotItsHistogramsWereRead() {
    MinuteAggregate minute = everyKind();
    AgentMinuteStats expected = stats(everyKind().add(Signal.feedback(false)));

    // Read, counted without touching a histogram, written back as read; then read and reported.
    MinuteAggregate back = roundTrip(roundTrip(minute).add(Signal.feedback(false)));

    assertThat(stats(back)).isEqualTo(expected);
    assertThat(stats(roundTrip(back))).as("once decoded, written plain").isEqualTo(expected);
  }

  @Test
  void shouldRecordRatesInTenthsAndCapAbsurdOnes() {
    MinuteAggregate minute = new MinuteAggregate()
        .add(Signal.reply(10, null, new StreamStats(3, 1, 50, 2_000)))
        .add(Signal.reply(10, null, new StreamStats(500, 1, 50, 1)))
        .add(Signal.reply(10, null, new StreamStats(1, 1, 50, 0)));

    AgentMinuteStats.Rate rate = stats(minute).tokensPerSecond();

    assertThat(rate.count()).as("a stream of no measurable time has no rate").isEqualTo(2);
    assertThat(rate.p10()).isEqualTo(1.5);
    assertThat(rate.p90()).isGreaterThanOrEqualTo(MinuteAggregate.MAX_TOKENS_PER_SECOND * 0.99)
        .isLessThanOrEqualTo(MinuteAggregate.MAX_TOKENS_PER_SECOND);
  }

  @Test
  void shouldReadAValueWrittenBeforeTheAnswerFiguresAndCountOnFromIt() {
    // Written by the previous serializer (three counts, then the plain latency histogram) for: 2 user messages,
    // replies after 1200 and 80 ms, 1 error.
    byte[] written = HexFormat.of().parseHex("000000000000000200000000000000020000000000000001"
        + "1c8493130000000600000000000000020000000000000001000000000036ee803ff00000000000009f0102890702");

    MinuteAggregate read = SERDE.deserializer().deserialize("t", written);
    AgentMinuteStats before = stats(SERDE.deserializer().deserialize("t", written));
    AgentMinuteStats after = stats(roundTrip(read.add(Signal.feedback(false))
        .add(Signal.reply(500, Signal.Finish.CANCELLED, new StreamStats(8, 2, 120, 400)))));

    assertThat(before).isEqualTo(new AgentMinuteStats(1, AgentType.BankRep, MINUTE, 2, 2, 1,
        new AgentMinuteStats.Latency(2, 80, 1207, 1207, 1207, 1207)));
    assertThat(after.replies()).isEqualTo(3);
    assertThat(after.latencyMs().count()).isEqualTo(3);
    assertThat(after.latencyMs().p50()).isBetween(499L, 503L);
    assertThat(after.feedbackDown()).isEqualTo(1);
    assertThat(after.cancelled()).isEqualTo(1);
    assertThat(after.timeToFirstTokenMs().max()).isEqualTo(120);
    assertThat(after.tokensPerSecond().p50()).isEqualTo(20.0);
    assertThat(after.errors()).isEqualTo(1);
  }

  @Test
  void shouldRefuseValuesOfTheNewFormThatAreCutShortPaddedOrNegative() {
    byte[] value = SERDE.serializer().serialize("t", everyKind());
    byte[] negative = value.clone();
    negative[1] = (byte) 0x80;
    byte[] overlong = value.clone();
    ByteBuffer.wrap(overlong).putInt(MinuteAggregateSerde.HEADER_BYTES, value.length);
    // The latency histogram's counts, past its header: framed right, unreadable when decoded.
    int latency = MinuteAggregateSerde.HEADER_BYTES + Integer.BYTES;
    byte[] scrambled = value.clone();
    Arrays.fill(scrambled, latency + 40, latency + ByteBuffer.wrap(value).getInt(latency - Integer.BYTES),
        (byte) 0xff);

    assertThat(value[0]).isEqualTo(MinuteAggregateSerde.FORM_2);
    for (byte[] bad : new byte[][] {Arrays.copyOf(value, value.length - 1), Arrays.copyOf(value, value.length + 1),
        Arrays.copyOf(value, MinuteAggregateSerde.HEADER_BYTES), negative, overlong, {MinuteAggregateSerde.FORM_2}}) {
      assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", bad))
          .isInstanceOf(SerializationException.class);
    }
    assertThatThrownBy(() -> stats(SERDE.deserializer().deserialize("t", scrambled)))
        .isInstanceOf(SerializationException.class);
  }
}
