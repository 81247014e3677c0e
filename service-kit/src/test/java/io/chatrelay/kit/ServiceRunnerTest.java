package io.chatrelay.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ServiceRunner runner = new ServiceRunner(Runtime.getRuntime(),
      new PrintStream(err, true, StandardCharsets.UTF_8));

  /** A service whose fatal failure the test sets off, counting its closes. */
  private static final class Service implements RunningService {
    final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public CompletionStage<Throwable> fatalFailure() {
      return fatal;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void shouldExitNonZeroAndCloseTheServiceWhenItStopsByItself() {
    Service service = new Service();
    service.fatal.complete(new IllegalStateException("not authorized to write chat-messages"));

    int exit = runner.run("connector", () -> service);

    assertThat(exit).isEqualTo(ServiceRunner.EXIT_FAILED);
    assertThat(service.closes).hasValue(1);
  }

  @Test
  void shouldRefuseABadConfigurationWithOneLineAndExitCode2() {
    int exit = runner.run("edge", () -> {
      throw new IllegalArgumentException("HTTP_PORT='x' is invalid: not a number");
    });

    assertThat(exit).isEqualTo(ServiceRunner.EXIT_BAD_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("relay edge: HTTP_PORT='x' is invalid: not a number" + System.lineSeparator());
  }

  @Test
  void shouldLeaveOtherStartFailuresToTheCaller() {
    assertThatThrownBy(() -> runner.run("projector", () -> {
      throw new IllegalStateException("Kafka unreachable");
    })).hasMessage("Kafka unreachable");
  }
}
