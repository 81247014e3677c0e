package io.chatrelay.launcher.tools.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a long replay on stderr: on a terminal a bar redrawn in place with events/s and ETA, otherwise (a log
 * file, a pipe) a plain line every few seconds, so logs stay readable.
 */
public final class Progress {

  static final Duration BAR_EVERY = Duration.ofMillis(200);
  static final Duration LINE_EVERY = Duration.ofSeconds(5);
  private static final int BAR_WIDTH = 30;

  private final String task;
  private final PrintStream out;
  private final boolean terminal;
  private final Clock clock;
  private final long startedMs;
  private long lastMs;
  private boolean drawn;

  public Progress(String task, PrintStream out, boolean terminal, Clock clock) {
    this.task = task;
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.startedMs = clock.millis();
    this.lastMs = startedMs;
  }

  /** For stderr of this process: a bar when stderr is a terminal. */
  public static Progress onStderr(String task) {
    return new Progress(task, System.err, stderrIsTerminal(), Clock.systemUTC());
  }

  /** Reports {@code done} of {@code total}; cheap when called often, it draws only now and then. */
  public void update(long done, long total) {
    long now = clock.millis();
    long every = (terminal ? BAR_EVERY : LINE_EVERY).toMillis();
    if (now - lastMs < every) {
      return;
    }
    lastMs = now;
    if (terminal) {
      out.print("\r" + bar(done, total, now - startedMs) + "\u001b[K");
      drawn = true;
    } else {
      out.println(task + ": " + line(done, total, now - startedMs));
    }
    out.flush();
  }

  /** Ends the bar's line, so what is printed next starts on its own line. */
  public void finish() {
    if (drawn) {
      out.print("\r\u001b[K");
      out.flush();
      drawn = false;
    }
  }

  String bar(long done, long total, long elapsedMs) {
    double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    return task + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100)) + "  " + line(done, total, elapsedMs);
  }

  static String line(long done, long total, long elapsedMs) {
    double rate = elapsedMs <= 0 ? 0 : done * 1000.0 / elapsedMs;
    String eta = rate <= 0 || total <= done ? "-" : duration(Math.round((total - done) / rate));
    return String.format(Locale.ROOT, "%,d/%,d events  %,.0f events/s  ETA %s", done, total, rate, eta);
  }

  static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  /** Linux tells through /proc whether fd 2 is a terminal; elsewhere a console means one. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
