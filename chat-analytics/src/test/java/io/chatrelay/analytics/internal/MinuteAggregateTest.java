package io.chatrelay.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import java.time.Instant;
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
}
