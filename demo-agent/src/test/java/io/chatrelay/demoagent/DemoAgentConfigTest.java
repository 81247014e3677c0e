package io.chatrelay.demoagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoAgentConfigTest {

  @Test
  void shouldUseDefaultsWhenNothingIsSet() {
    DemoAgentConfig config = DemoAgentConfig.fromEnv(Map.of("UNRELATED", "x", DemoAgentConfig.ENV_PORT, " "));

    assertThat(config).isEqualTo(DemoAgentConfig.defaults());
    assertThat(config.port()).isEqualTo(8090);
    assertThat(config.latency()).isZero();
    assertThat(config.jitter()).isZero();
    assertThat(config.failureRate()).isZero();
    assertThat(config.tokensPerSecond()).isZero();
  }

  @Test
  void shouldReadEveryVariable() {
    DemoAgentConfig config = DemoAgentConfig.fromEnv(Map.of(
        "DEMO_AGENT_PORT", "0",
        "DEMO_AGENT_LATENCY_MS", "250",
        "DEMO_AGENT_JITTER_MS", " 40 ",
        "DEMO_AGENT_FAILURE_RATE", "0.25",
        "DEMO_AGENT_SEED", "-7",
        "DEMO_AGENT_TOKENS_PER_SECOND", " 25 "));

    assertThat(config).isEqualTo(
        new DemoAgentConfig(0, Duration.ofMillis(250), Duration.ofMillis(40), 0.25, -7L).withTokensPerSecond(25));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "DEMO_AGENT_PORT         | eighty    | 'eighty'",
      "DEMO_AGENT_PORT         | 65536     | 65536",
      "DEMO_AGENT_PORT         | -1        | -1",
      "DEMO_AGENT_PORT         | 9999999999 | '9999999999'",
      "DEMO_AGENT_LATENCY_MS   | -5        | -5",
      "DEMO_AGENT_LATENCY_MS   | 1.5       | '1.5'",
      "DEMO_AGENT_LATENCY_MS   | 600001    | 600001",
      "DEMO_AGENT_JITTER_MS    | -1        | -1",
      "DEMO_AGENT_FAILURE_RATE | 1.5       | 1.5",
      "DEMO_AGENT_FAILURE_RATE | -0.1      | -0.1",
      "DEMO_AGENT_FAILURE_RATE | NaN       | NaN",
      "DEMO_AGENT_FAILURE_RATE | half      | 'half'",
      "DEMO_AGENT_SEED         | abc       | 'abc'",
      "DEMO_AGENT_TOKENS_PER_SECOND | -1    | -1",
      "DEMO_AGENT_TOKENS_PER_SECOND | 10001 | 10001",
      "DEMO_AGENT_TOKENS_PER_SECOND | 2.5   | '2.5'",
      "DEMO_AGENT_TOKENS_PER_SECOND | 4294967296 | '4294967296'"})
  void shouldRefuseBadValuesNamingVariableAndValue(String variable, String value, String shownAs) {
    assertThatThrownBy(() -> DemoAgentConfig.fromEnv(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable)
        .hasMessageContaining("got " + shownAs);
  }

  @Test
  void shouldRefuseMissingDurationsInTheConstructor() {
    assertThatThrownBy(() -> new DemoAgentConfig(0, null, Duration.ZERO, 0, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("DEMO_AGENT_LATENCY_MS");
  }

  @Test
  void shouldAcceptTheBoundaryValues() {
    DemoAgentConfig config = new DemoAgentConfig(65_535, DemoAgentConfig.MAX_DELAY, Duration.ZERO, 1.0, 0);

    assertThat(config.failureRate()).isEqualTo(1.0);
    assertThat(config.withPort(0).port()).isZero();
    assertThat(config.withTokensPerSecond(DemoAgentConfig.MAX_TOKENS_PER_SECOND).tokensPerSecond()).isEqualTo(10_000);
    assertThat(config.withTokensPerSecond(7).withPort(0).tokensPerSecond()).isEqualTo(7);
  }
}
