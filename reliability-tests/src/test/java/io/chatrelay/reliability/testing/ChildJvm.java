package io.chatrelay.reliability.testing;

import io.chatrelay.launcher.Relay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * A service in a JVM of its own, started from the test classpath with its environment, so a test can kill it for
 * real: {@link #kill()} is SIGKILL, no shutdown hook runs. Output goes to a log file a test may read.
 */
public final class ChildJvm implements AutoCloseable {

  private final String name;
  private final String command;
  private final Map<String, String> env;
  private final List<String> jvmOptions;
  private final Path logFile;
  private final BooleanSupplier ready;
  private final Duration startTimeout;
  private Process process;

  /**
   * A service as the product runs it: {@code relay COMMAND} as the production image runs it.
   *
   * @param command the {@code relay} command, such as {@code edge} or {@code connector}
   * @param ready true once the service serves (polled after launch)
   */
  public ChildJvm(String name, String command, Map<String, String> env, List<String> jvmOptions, Path logDir,
      BooleanSupplier ready, Duration startTimeout) {
    this.name = name;
    this.command = command;
    this.env = Map.copyOf(env);
    this.jvmOptions = List.copyOf(jvmOptions);
    this.logFile = logDir.resolve(name + ".log");
    this.ready = ready;
    this.startTimeout = startTimeout;
  }

  /** Launches the JVM and waits until it is ready. */
  public synchronized ChildJvm start() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildMain.class.getName(),
        Relay.class.getName(), this.command));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // Only what the test says: a variable of the machine (a REDIS_URL, a KAFKA_*) must not reach the service.
    builder.environment().clear();
    for (String keep : List.of("PATH", "HOME", "LANG")) {
      if (System.getenv(keep) != null) {
        builder.environment().put(keep, System.getenv(keep));
      }
    }
    builder.environment().putAll(env);
    try {
      Files.createDirectories(logFile.getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch " + name, e);
    }
    Process child = process;
    Awaitility.await(name + " ready").atMost(startTimeout).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (!child.isAlive()) {
            throw new IllegalStateException(name + " exited with " + child.exitValue() + "; see " + logFile);
          }
          return ready.getAsBoolean();
        });
    return this;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  /** The log so far. */
  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, as a crash would; waits until the process is gone. */
  public synchronized void kill() {
    if (isRunning()) {
      process.destroyForcibly();
      waitForExit();
    }
  }

  /** SIGTERM: the service's shutdown hook runs. */
  public synchronized void stop() {
    if (isRunning()) {
      process.destroy();
      waitForExit();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + (isRunning() ? " (pid " + process.pid() + ")" : " (not running)");
  }
}
