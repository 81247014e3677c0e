package io.chatrelay.launcher.tools;

import io.chatrelay.events.AgentType;
import io.chatrelay.launcher.tools.internal.Connection;
import io.chatrelay.launcher.tools.internal.ExportFormat;
import io.chatrelay.launcher.tools.internal.Exporter;
import io.chatrelay.launcher.tools.internal.Interruption;
import io.chatrelay.launcher.tools.internal.Progress;
import io.chatrelay.launcher.tools.internal.TimeArg;
import io.chatrelay.views.redis.LogReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Writes the events that occurred between --from and --to, from every partition of chat-messages, to "
        + "stdout or --output, as JSON lines or CSV; progress and a summary go to stderr. Each partition is "
        + "read from the offset its record timestamps give for --from (offsetsForTimes): the topic is not "
        + "scanned. Sessions their users deleted are exported redacted unless --include-deleted.%nExit status: "
        + "0 done, 1 failed (Kafka unreachable, file not writable), 2 bad usage, 130 Ctrl-C (the output file is "
        + "then removed, never left half-written).")
public final class ExportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "TIME", converter = TimeArg.class,
      description = "Start, inclusive: 2026-01-15T10:00:00Z, 2026-01-15T10:00 (UTC), 2026-01-15, or an age: 2h, 7d.")
  Instant from;

  @Option(names = "--to", paramLabel = "TIME", converter = TimeArg.class, defaultValue = "now",
      description = "End, exclusive (default: now).")
  Instant to;

  @Option(names = "--agent-type", paramLabel = "TYPE",
      description = "Only sessions with this persona: ${COMPLETION-CANDIDATES}.")
  AgentType agentType;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
      description = "jsonl (default) or csv.")
  ExportFormat format;

  @Option(names = {"--output", "-o"}, paramLabel = "FILE", description = "Write here instead of stdout.")
  Path output;

  @Option(names = "--include-deleted", description = "Export sessions their users deleted as they are in the log.")
  boolean includeDeleted;

  @Mixin
  Connection connection = new Connection();

  private PrintStream stdout = System.out;
  private PrintStream err = System.err;

  /** For tests: where the export and the notes go. */
  public ExportCommand printTo(PrintStream stdout, PrintStream err) {
    this.stdout = stdout;
    this.err = err;
    return this;
  }

  @Override
  public Integer call() {
    if (!from.isBefore(to)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--from (" + from + ") must be before --to (" + to + ")");
    }
    Path partial = output == null ? null : output.resolveSibling(output.getFileName() + ".partial");
    try (LogReader log = new LogReader(connection.kafka(), "relay-export");
         Interruption interruption = new Interruption(log::wakeup)) {
      err.println("export: events from " + from + " to " + to + " in " + log.topic() + " at "
          + connection.kafka().bootstrapServers());
      try {
        return export(log, partial, interruption);
      } catch (IOException | RuntimeException e) {
        discard(partial);
        if (interruption.interrupted()) {
          err.println("export: interrupted" + (output == null ? "" : "; " + output + " not written"));
          return 130;
        }
        err.println("export: " + e.getMessage());
        return 1;
      }
    } catch (RuntimeException e) {
      err.println("export: " + e.getMessage());
      return 1;
    }
  }

  private int export(LogReader log, Path partial, Interruption interruption) throws IOException {
    long started = System.nanoTime();
    Progress progress = Progress.onStderr("export");
    Exporter.Summary summary;
    try (Writer out = writer(partial)) {
      summary = new Exporter(log, format, out).run(from, to, agentType, includeDeleted, progress,
          interruption::interrupted);
    } finally {
      progress.finish();
    }
    if (summary == null) {
      discard(partial);
      err.println("export: interrupted" + (output == null ? "" : "; " + output + " not written"));
      return 130;
    }
    if (partial != null) {
      Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT, "export: %d events of %d sessions (%d records read%s) in %.1f s, %.0f records/s%s%n",
        summary.exported(), summary.sessions(), summary.read(),
        summary.redacted() > 0 ? ", " + summary.redacted() + " of deleted sessions redacted" : "", seconds,
        summary.read() / Math.max(seconds, 1e-3), output == null ? "" : " -> " + output);
    return 0;
  }

  private Writer writer(Path partial) throws IOException {
    OutputStream target = partial == null ? new NonClosing(stdout) : Files.newOutputStream(partial);
    return new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void discard(Path partial) {
    if (partial != null) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // nothing better to do: the message about the failure is more useful than this one
      }
    }
  }

  /** Stdout is flushed, never closed: the process may still print to it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
