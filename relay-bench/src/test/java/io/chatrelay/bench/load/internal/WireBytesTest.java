package io.chatrelay.bench.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireBytesTest {

  @Test
  void shouldCountTheFrameHeaderTheMaskAndUtf8Payload() {
    assertThat(WireBytes.serverFrame("abc")).isEqualTo(3 + 2);
    assertThat(WireBytes.clientFrame("abc")).isEqualTo(3 + 2 + 4);
    assertThat(WireBytes.serverFrame("x".repeat(126))).as("16-bit length").isEqualTo(126 + 4);
    assertThat(WireBytes.serverFrame("x".repeat(70_000))).as("64-bit length").isEqualTo(70_000 + 10);
    assertThat(WireBytes.utf8("é€😀")).isEqualTo(2 + 3 + 4);
  }
}
