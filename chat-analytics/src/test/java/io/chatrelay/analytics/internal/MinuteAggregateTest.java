package io.chatrelay.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MinuteAggregateTest {

  private static final Instant MINUTE = Instant.parse("2026-01-15T10:00:00Z");

  @Test
  void shouldReportPercentilesOfTheRecordedLatencies() {
    MinuteAggregate minute = new MinuteAggregate();
    for (int ms = 1; ms <= 100; ms++) {
      minute.add(Signal.reply(ms * 10L));
    }

    AgentMinuteStats.Latency latency = minute.toStats(AgentType.BankRep, MINUTE).latencyMs();

    assertThat(latency.count()).isEqualTo(100);
    assertThat(latency.p50()).isBetween(495L, 505L);
    assertThat(latency.p90()).isBetween(895L, 905L);
    assertThat(latency.p99()).isBetween(985L, 995L);
    assertThat(latency.max()).isBetween(995L, 1005L);
  }

  @Test
  void shouldSurviveTheStoreRoundTrip() {
    MinuteAggregate minute = new MinuteAggregate().add(Signal.userMessage()).add(Signal.userMessage())
        .add(Signal.reply(1200)).add(Signal.error());
    Serde<MinuteAggregate> serde = MinuteAggregate.serde();

    MinuteAggregate back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", minute));

    assertThat(back.toStats(AgentType.BankRep, MINUTE)).isEqualTo(minute.toStats(AgentType.BankRep, MINUTE));
    assertThat(back.toStats(AgentType.BankRep, MINUTE).userMessages()).isEqualTo(2);
  }

  @Test
  void shouldCapAbsurdLatenciesInsteadOfFailing() {
    MinuteAggregate minute = new MinuteAggregate().add(Signal.reply(10 * MinuteAggregate.MAX_LATENCY_MS))
        .add(Signal.reply(-5));

    AgentMinuteStats.Latency latency = minute.toStats(AgentType.BankRep, MINUTE).latencyMs();

    assertThat(latency.max()).isGreaterThanOrEqualTo(MinuteAggregate.MAX_LATENCY_MS);
    assertThat(latency.count()).isEqualTo(2);
  }

  @Test
  void shouldRefuseBytesThatAreNotAnAggregate() {
    assertThatThrownBy(() -> MinuteAggregate.serde().deserializer().deserialize("t", new byte[] {1, 2, 3}))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldKeepCountsAndPercentilesOfManyLatenciesAcrossRepeatedRoundTrips() {
    Serde<MinuteAggregate> serde = MinuteAggregate.serde();
    MinuteAggregate expected = new MinuteAggregate();
    byte[] stored = serde.serializer().serialize("t", new MinuteAggregate());
    Random random = new Random(7);
    // As the window store sees it: every update reads the value, adds one signal and writes it back.
    for (int i = 0; i < 2_000; i++) {
      Signal signal = i % 50 == 0 ? Signal.error()
          : i % 2 == 0 ? Signal.userMessage() : Signal.reply((long) Math.exp(random.nextDouble() * 12));
      expected.add(signal);
      stored = serde.serializer().serialize("t", serde.deserializer().deserialize("t", stored).add(signal));
    }

    AgentMinuteStats back = serde.deserializer().deserialize("t", stored).toStats(AgentType.BankRep, MINUTE);

    assertThat(back).isEqualTo(expected.toStats(AgentType.BankRep, MINUTE));
    assertThat(back.userMessages()).isEqualTo(960);
    assertThat(back.errors()).isEqualTo(40);
    assertThat(back.replies()).isEqualTo(1000);
    assertThat(back.latencyMs().count()).isEqualTo(1000);
    assertThat(stored.length - MinuteAggregateSerde.HEADER_BYTES - 3 * Integer.BYTES)
        .as("the histograms stored without compression, still small").isLessThan(1024);
  }

  @Test
  void shouldReadValuesStoredCompressedByEarlierVersions() {
    long[] latencies = {15, 250, 250, 1_200, 9_000, 2 * MinuteAggregate.MAX_LATENCY_MS};
    MinuteAggregate minute = new MinuteAggregate().add(Signal.userMessage()).add(Signal.userMessage())
        .add(Signal.userMessage()).add(Signal.error());
    for (long ms : latencies) {
      minute.add(Signal.reply(ms));
    }
    Serde<MinuteAggregate> serde = MinuteAggregate.serde();

    byte[] old = compressedForm(3, latencies.length, 1, latencies);
    // A user message rewrites the counts only; the histogram stays in the old form until a reply arrives.
    byte[] updated = serde.serializer().serialize("t", serde.deserializer().deserialize("t", old)
        .add(Signal.userMessage()));
    MinuteAggregate back = serde.deserializer().deserialize("t", updated);

    assertThat(back.toStats(AgentType.BankRep, MINUTE))
        .isEqualTo(minute.add(Signal.userMessage()).toStats(AgentType.BankRep, MINUTE));
    AgentMinuteStats.Latency latency = back.add(Signal.reply(250)).toStats(AgentType.BankRep, MINUTE).latencyMs();
    assertThat(latency.count()).isEqualTo(7);
    assertThat(latency.p50()).isBetween(249L, 251L);
    assertThat(latency.max()).isGreaterThanOrEqualTo(MinuteAggregate.MAX_LATENCY_MS);
    byte[] rewritten = serde.serializer().serialize("t", back);
    assertThat(serde.deserializer().deserialize("t", rewritten).toStats(AgentType.BankRep, MINUTE))
        .isEqualTo(back.toStats(AgentType.BankRep, MINUTE));
    // The latency histogram is the first, after the counts and its length.
    int at = MinuteAggregateSerde.HEADER_BYTES + Integer.BYTES;
    Histogram plain = Histogram.decodeFromByteBuffer(
        ByteBuffer.wrap(rewritten, at, ByteBuffer.wrap(rewritten).getInt(at - Integer.BYTES)), 0);
    assertThat(plain.getTotalCount()).as("written back in the plain form").isEqualTo(7);
  }

  @Test
  void shouldReadAValueWrittenByTheEarlierVersion() {
    // Written by the previous serializer for: 2 user messages, replies after 1200 and 80 ms, 1 error.
    byte[] written = HexFormat.of().parseHex(OLD_VALUE_HEX);

    AgentMinuteStats stats = MinuteAggregate.serde().deserializer().deserialize("t", written)
        .toStats(AgentType.BankRep, MINUTE);

    assertThat(stats.userMessages()).isEqualTo(2);
    assertThat(stats.replies()).isEqualTo(2);
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.latencyMs().count()).isEqualTo(2);
    assertThat(stats.latencyMs().p50()).isBetween(79L, 81L);
    assertThat(stats.latencyMs().max()).isBetween(1190L, 1210L);
  }

  @Test
  void shouldRefuseTruncatedOrPaddedValues() {
    Serde<MinuteAggregate> serde = MinuteAggregate.serde();
    byte[] value = serde.serializer().serialize("t", new MinuteAggregate().add(Signal.reply(40)));

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(value, value.length - 1)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(value, value.length + 1)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(value, 24)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[64]))
        .isInstanceOf(SerializationException.class);
    byte[] scrambled = value.clone();
    Arrays.fill(scrambled, 3 * Long.BYTES + 40, scrambled.length, (byte) 0xff);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", scrambled).toStats(AgentType.BankRep, MINUTE))
        .isInstanceOf(SerializationException.class);
  }

  /** The value as earlier versions stored it: the counts, then the histogram deflated by HdrHistogram. */
  private static byte[] compressedForm(long users, long replies, long errors, long... latencies) {
    Histogram histogram = new Histogram(MinuteAggregate.MAX_LATENCY_MS, 2);
    for (long ms : latencies) {
      histogram.recordValue(Math.min(ms, MinuteAggregate.MAX_LATENCY_MS));
    }
    ByteBuffer compressed = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(compressed);
    return ByteBuffer.allocate(3 * Long.BYTES + length).putLong(users).putLong(replies).putLong(errors)
        .put(compressed.array(), 0, length).array();
  }

  private static final String OLD_VALUE_HEX = "000000000000000200000000000000020000000000000001"
      + "1c84931400000025789c9369992cccc0c0c0c600014c509a114c9abd6bb0ff001198cfc8d4c9ce040069280557";
}
