package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentSocketTest {

  @Test
  void shouldCountFramesInUtf8BytesAsTheyTravel() {
    String text = "a£€😀";
    assertThat(AgentSocket.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }
}
