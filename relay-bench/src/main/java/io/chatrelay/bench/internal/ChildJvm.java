package io.chatrelay.bench.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java process the benchmark starts: the product, the direct relay or the load generator. Its output (stdout and
 * stderr together) goes to a log file and is kept in memory for {@link #await}; the launch script raises the open
 * files limit first, as far as the hard limit allows. {@link #close()} stops it with SIGTERM, then kills it and
 * whatever it started (an embedded Redis) if it does not stop in time.
 */
public final class ChildJvm implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> lines = new ArrayList<>();
  private final Thread pump;
  private final PrintWriter stdin;

  private ChildJvm(String name, Process process, Path log, Consumer<String> echo) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.pump = new Thread(() -> pump(echo), name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * @param openFiles the open files limit to ask for
   * @param echo also gets every output line (progress), or null
   */
  public static ChildJvm start(String name, String classpath, List<String> jvmArgs, String mainClass,
      List<String> args, Map<String, String> env, int openFiles, Path log, Consumer<String> echo) {
    List<String> command = new ArrayList<>(List.of("bash", "-c",
        "ulimit -n " + openFiles + " 2>/dev/null || ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec \"$@\"", name));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // A null value removes a variable the benchmark's own environment has.
    env.forEach((key, value) -> {
      if (value == null) {
        builder.environment().remove(key);
      } else {
        builder.environment().put(key, value);
      }
    });
    try {
      Files.createDirectories(log.getParent());
      return new ChildJvm(name, builder.start(), log, echo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private void pump(Consumer<String> echo) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)); BufferedWriter file = Files.newBufferedWriter(log)) {
      String line;
      while ((line = reader.readLine()) != null) {
        file.write(line);
        file.newLine();
        file.flush();
        synchronized (lines) {
          lines.add(line);
          if (lines.size() > 20_000) {
            lines.subList(0, 10_000).clear();
          }
          lines.notifyAll();
        }
        if (echo != null) {
          echo.accept(line);
        }
      }
    } catch (IOException e) {
      // the process is gone
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  /** Waits for an output line matching {@code pattern} and returns its match; fails when the process exits first. */
  public Matcher await(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher m = pattern.matcher(lines.get(seen));
          if (m.find()) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (!process.isAlive() && !pump.isAlive()) {
          throw new IllegalStateException(name + " exited (" + exitCode() + ") before printing " + pattern
              + "; see " + log + "\n" + tail(15));
        }
        if (left <= 0) {
          throw new IllegalStateException(name + " did not print " + pattern + " within " + timeout + "; see " + log
              + "\n" + tail(15));
        }
        try {
          lines.wait(Math.min(200, Math.max(1, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for " + name, e);
        }
      }
    }
  }

  /** The last {@code n} output lines, for error messages. */
  public String tail(int n) {
    synchronized (lines) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
  }

  /** Sends one line to the process' standard input. */
  public void tell(String line) {
    stdin.println(line);
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits for the process to end on its own; returns its exit code, or -1 when it did not in time. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return -1;
    }
    pump.join(5_000);
    return process.exitValue();
  }

  private String exitCode() {
    return process.isAlive() ? "running" : Integer.toString(process.exitValue());
  }

  @Override
  public void close() {
    List<ProcessHandle> started = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      pump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
