package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionsMessageTest {

  @Test
  void shouldListPartitionsAscendingAsPartitionColonNextOffset() {
    assertThat(PositionsMessage.format(Map.of(3, 42L, 0, 118L, 11, 7L))).isEqualTo("0:118,3:42,11:7");
  }

  @Test
  void shouldReadBackWhatItWrote() {
    Map<Integer, Long> positions = Map.of(0, 1L, 5, 9_007_199_254_740_000L);

    assertThat(PositionsMessage.parse(PositionsMessage.format(positions))).isEqualTo(positions);
  }

  @Test
  void shouldReadEmptyMessageAsNoPositions() {
    assertThat(PositionsMessage.parse("")).isEmpty();
  }

  @Test
  void shouldRefuseMalformedPartNamingIt() {
    assertThatThrownBy(() -> PositionsMessage.parse("0:12,three:4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'three:4'");
    assertThatThrownBy(() -> PositionsMessage.parse(":4")).hasMessageContaining("':4'");
  }
}
