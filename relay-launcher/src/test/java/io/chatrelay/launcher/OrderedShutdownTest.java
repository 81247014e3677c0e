package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedShutdownTest {

  private final List<String> closed = new ArrayList<>();

  private AutoCloseable recording(String name) {
    return () -> closed.add(name);
  }

  @Test
  void shouldCloseLastRegisteredFirstAndOnlyOnce() {
    OrderedShutdown shutdown = new OrderedShutdown("test stack");
    shutdown.register("redis", recording("redis"));
    shutdown.register("kafka", recording("kafka"));
    shutdown.register("edge", recording("edge"));

    shutdown.close();
    shutdown.close();

    assertThat(closed).containsExactly("edge", "kafka", "redis");
  }

  @Test
  void shouldCloseTheOthersAndRethrowWhenOneFails() {
    OrderedShutdown shutdown = new OrderedShutdown("test stack");
    shutdown.register("kafka", recording("kafka"));
    shutdown.register("edge", () -> {
      throw new IllegalStateException("edge stuck");
    });

    assertThatThrownBy(shutdown::close).hasMessage("edge stuck");
    assertThat(closed).containsExactly("kafka");
  }

  @Test
  void shouldCloseAndRefuseWhatIsRegisteredOnceStopping() {
    OrderedShutdown shutdown = new OrderedShutdown("test stack");
    shutdown.close();

    assertThatThrownBy(() -> shutdown.register("edge", recording("edge")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("test stack is stopping");
    assertThat(closed).containsExactly("edge");
  }
}
