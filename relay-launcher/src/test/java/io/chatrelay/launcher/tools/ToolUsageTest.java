package io.chatrelay.launcher.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad command lines are refused with exit status 2 before anything connects to Kafka or Redis. */
class ToolUsageTest {

  private final StringWriter err = new StringWriter();

  private int run(Object command, String... args) {
    return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
        .setErr(new PrintWriter(err, true)).execute(args);
  }

  @Test
  void shouldRefuseAnExportWithoutFromOrWithAnEmptyRange() {
    assertThat(run(new ExportCommand(), "--to", "now")).isEqualTo(2);
    assertThat(err.toString()).contains("--from");
    assertThat(run(new ExportCommand(), "--from", "2026-01-02", "--to", "2026-01-01")).isEqualTo(2);
    assertThat(err.toString()).contains("must be before --to");
  }

  @Test
  void shouldRefuseAnUnknownTimeFormatOrPersonaOrFormat() {
    assertThat(run(new ExportCommand(), "--from", "last tuesday")).isEqualTo(2);
    assertThat(err.toString()).contains("is not a time");
    assertThat(run(new ExportCommand(), "--from", "1h", "--agent-type", "Astrologer")).isEqualTo(2);
    assertThat(err.toString()).contains("BankRep");
    assertThat(run(new ExportCommand(), "--from", "1h", "--format", "xml")).isEqualTo(2);
    assertThat(run(new HistoryCommand(), "some-session", "--format", "pdf")).isEqualTo(2);
  }

  @Test
  void shouldRefuseHistoryWithoutASessionOrWithABlankOne() {
    assertThat(run(new HistoryCommand())).isEqualTo(2);
    assertThat(err.toString()).contains("SESSION_ID");
    assertThat(run(new HistoryCommand(), " ")).isEqualTo(2);
  }

  @Test
  void shouldRefuseRetentionOutsideItsRangeOrWithBothChoices() {
    assertThat(run(new RetentionCommand(), "--days", "0")).isEqualTo(2);
    assertThat(run(new RetentionCommand(), "--days", "3", "--forever")).isEqualTo(2);
  }

  @Test
  void shouldRefuseABatchSizeRedisCannotTake() {
    assertThat(run(new RebuildViewsCommand(), "--batch-size", "0")).isEqualTo(2);
  }
}
