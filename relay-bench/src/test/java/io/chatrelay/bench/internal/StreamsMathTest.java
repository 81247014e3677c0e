package io.chatrelay.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsMathTest {

  @Test
  void shouldChargeTheRelayOnlyForItsOwnThreads() {
    StreamCost cost = StreamCost.of(cpu(10, 5.0, Map.of("demo-agent-delays", 0.6, "XNIO-1 I/O", 0.4,
        "C2 CompilerThread", 1.0, "XNIO-2 I/O", 1.0, "edge-live-feed", 2.0)), 1_000, 20_000);

    assertThat(cost.cores()).isCloseTo(0.5, within(1e-9));
    assertThat(cost.millisPerAnswer()).isCloseTo(5.0, within(1e-9));
    assertThat(cost.relayMillisPerAnswer()).as("5.0 s minus the agent's 1.0 s and the JIT's 1.0 s")
        .isCloseTo(3.0, within(1e-9));
    assertThat(cost.relayMicrosPerDelta()).isCloseTo(150, within(1e-9));
  }

  @Test
  void shouldGiveWhatADeltaAddsOverTheSameAnswerWhole() {
    StreamCost streamed = StreamCost.of(cpu(10, 3.0, Map.of()), 1_000, 20_000);
    StreamCost whole = StreamCost.of(cpu(10, 1.0, Map.of()), 1_000, 0);

    // 3 ms against 1 ms per answer, 20 deltas an answer: 100 µs a delta.
    assertThat(StreamCost.extraMicrosPerDelta(streamed, whole)).isCloseTo(100, within(1e-9));
    assertThat(StreamCost.ratio(streamed.relayMillisPerAnswer(), whole.relayMillisPerAnswer()))
        .isCloseTo(3, within(1e-9));
    assertThat(StreamCost.ratio(1, 0)).as("nothing measured").isZero();
    assertThat(StreamCost.of(cpu(10, 1.0, Map.of()), 0, 0).millisPerAnswer()).isZero();
  }

  @Test
  void shouldAskOncePerStreamPlusRoomAndMeasureOnlyAfterOnePeriod() {
    StreamsSettings s = new StreamsSettings(1_000, 100, 20, 10, 20, 5);

    assertThat(s.streamMillis()).isEqualTo(4_950);
    assertThat(s.periodMillis()).isEqualTo(4_950 + 1_237);
    assertThat(s.settleSeconds()).isEqualTo(7);
    assertThat(s.plan("http://x", "r").rate()).isCloseTo(1_000 / 6.187, within(1e-6));
    assertThat(new StreamsSettings(10, 10, 50, 1, 2, 1).periodMillis()).as("at least a second of room")
        .isEqualTo(180 + 1_000);
  }

  @Test
  void shouldFitTheQuickRunInAboutAMinuteAndTakeOverrides() {
    StreamsSettings quick = StreamsSettings.of(Mode.QUICK, null, null, null, null);
    StreamsSettings full = StreamsSettings.of(Mode.FULL, 50, 30, 10, 5);

    assertThat(quick.clients()).isEqualTo(200);
    assertThat(StreamsSettings.of(Mode.FULL, null, null, null, null).clients()).isEqualTo(1_000);
    assertThat(quick.tokensPerSecond()).isEqualTo(StreamsSettings.DEFAULT_TOKENS_PER_SECOND);
    assertThat(quick.warmupSeconds() + 2 * quick.seconds()).isLessThanOrEqualTo(60);
    assertThat(quick.seconds()).isEqualTo(quick.settleSeconds() + 10);
    assertThat(full).extracting(StreamsSettings::clients, StreamsSettings::tokens, StreamsSettings::tokensPerSecond)
        .containsExactly(50, 30, 10);
    assertThat(full.seconds()).isEqualTo(full.settleSeconds() + 5);
    assertThatThrownBy(() -> StreamsSettings.of(Mode.QUICK, null, 5_001, null, null))
        .hasMessageContaining("5001 tokens");
  }

  private static Map<String, Double> cpu(double wall, double total, Map<String, Double> groups) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    cpu.put("wall", wall);
    cpu.put("total", total);
    cpu.putAll(groups);
    return cpu;
  }
}
