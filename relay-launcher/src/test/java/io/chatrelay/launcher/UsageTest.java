package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UsageTest {

  @Test
  void shouldListDevFirstAndTheImageCommandsBeforeTheBenchmarks() {
    assertThat(List.copyOf(RelayMain.commandLine().getSubcommands().keySet())).containsExactly("dev", "edge",
        "projector", "connector", "agent", "analytics", "history", "rebuild-views", "export", "retention", "copy-log",
        "replay-bench", "bench", "help");
  }

  @Test
  void shouldSummariseEveryCommandInOneWholeSentence() {
    // The command list shows only each description's first line.
    RelayMain.commandLine().getSubcommands().forEach((name, command) -> {
      String[] description = command.getCommandSpec().usageMessage().description();
      assertThat(description).as(name).isNotEmpty();
      assertThat(description[0]).as("first line of %s", name).endsWith(".");
    });
  }

  @Test
  void shouldPrintTheCommandsOnHelp() {
    StringWriter out = new StringWriter();
    CommandLine commands = RelayMain.commandLine();
    commands.setOut(new PrintWriter(out));
    assertThat(commands.execute("help")).isZero();
    assertThat(out.toString()).contains("Commands:").containsSubsequence("  dev ", "  edge ", "  bench ");
  }
}
