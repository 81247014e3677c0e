package io.chatrelay.launcher;

import io.chatrelay.bench.BenchCommand;
import io.chatrelay.launcher.tools.ReplayBenchCommand;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code ./relay}: everything the production image's {@link Relay} runs, plus {@code dev} (the whole product on an
 * embedded broker and Redis) and the benchmarks, which the image leaves out.
 */
public final class RelayMain {

  /** Like picocli's own exit code for a failed command. */
  static final int EXIT_START_FAILED = Relay.EXIT_START_FAILED;

  private RelayMain() {}

  public static void main(String[] args) {
    Relay.run(commandLine(), args);
  }

  static CommandLine commandLine() {
    return Relay.commandLine(List.of(new DevCommand()), List.of(new ReplayBenchCommand(), new BenchCommand()));
  }
}
