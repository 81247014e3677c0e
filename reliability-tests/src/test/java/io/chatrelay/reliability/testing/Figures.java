package io.chatrelay.reliability.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The one line each reliability test prints about what it measured, {@code FIGURE <test>: <figures>}, on standard
 * output and appended to {@code target/figures.txt}, from which the table in {@code docs/reliability.md} is made.
 */
public final class Figures {

  private static final Path FILE = Path.of("target", "figures.txt");

  private Figures() {}

  public static void report(String test, String format, Object... args) {
    String line = "FIGURE " + test + ": " + String.format(Locale.ROOT, format, args);
    System.out.println(line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
  public static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
