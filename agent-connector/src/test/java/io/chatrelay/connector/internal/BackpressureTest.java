package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.connector.internal.Backpressure.Action;
import org.junit.jupiter.api.Test;

class BackpressureTest {

  @Test
  void shouldPauseAtTheLimitAndResumeOnlyAtHalfOfIt() {
    Backpressure backpressure = new Backpressure(10);

    assertThat(backpressure.update(9)).isEqualTo(Action.KEEP);
    assertThat(backpressure.update(10)).isEqualTo(Action.PAUSE);
    assertThat(backpressure.update(8)).as("still paused between half and the limit").isEqualTo(Action.PAUSE);
    assertThat(backpressure.update(6)).isEqualTo(Action.PAUSE);
    assertThat(backpressure.update(5)).isEqualTo(Action.RESUME);
    assertThat(backpressure.update(8)).as("running again below the limit").isEqualTo(Action.KEEP);
    assertThat(backpressure.paused()).isFalse();
  }

  @Test
  void shouldRefuseANonPositiveLimit() {
    assertThatThrownBy(() -> new Backpressure(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
