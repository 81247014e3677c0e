package io.chatrelay.launcher.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code relay dev} (or another {@code relay} command) in a JVM of its own, as a developer runs it, but on free
 * ports and with a data directory of the test's choosing. Everything it prints (the banner and its log) goes to one
 * file.
 */
public final class DevProcess implements AutoCloseable {

  private static final Pattern OPEN = Pattern.compile("^\\s+Open\\s+(http://\\S+?)/?$", Pattern.MULTILINE);
  private static final Pattern OPS = Pattern.compile("^\\s+Ops\\s+(http://[^\\s/]+)", Pattern.MULTILINE);
  /** Each service's own close timeout is 30 s; several may wait in turn for a Kafka Streams rebalance. */
  private static final Duration CLEAN_STOP_LIMIT = Duration.ofSeconds(120);

  private final Process process;
  private final Path output;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DevProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code relay dev --data-dir dataDir} with its output going to {@code output}. */
  public static DevProcess start(Path dataDir, Path output) {
    return start(output, Path.of(System.getProperty("java.io.tmpdir")), Map.of(),
        "dev", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--agent-port", "0");
  }

  /**
   * Starts {@code relay ARGS...} as {@code ./relay} does, its temporary files in {@code tmpDir}, with {@code env}
   * added to a stack of its own on free ports.
   */
  public static DevProcess start(Path output, Path tmpDir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmpDir,
        "-cp", System.getProperty("java.class.path"), "io.chatrelay.launcher.RelayMain"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> environment = builder.environment();
    // A stack of its own, whatever the shell running the tests points at.
    environment.remove("KAFKA_BOOTSTRAP_SERVERS");
    environment.remove("REDIS_URL");
    environment.remove("AI_AGENT_WS_URL");
    environment.put("HTTP_PORT", "0");
    environment.put("PROJECTOR_OPS_PORT", "0");
    environment.put("CONNECTOR_OPS_PORT", "0");
    environment.put("EDGE_OPS_PORT", "0");
    environment.putAll(env);
    try {
      return new DevProcess(builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start relay " + String.join(" ", args), e);
    }
  }

  /** Waits at most {@code bound} for the process to end by itself; returns its exit code. */
  public int awaitExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + bound + ":\n" + output());
    }
    return process.exitValue();
  }

  /**
   * Waits until the edge's ops listener it announces answers {@code /health/ready} with 200; returns the edge's
   * public base URL.
   */
  public String awaitReady(Duration timeout) {
    return await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("relay dev exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      Matcher open = OPEN.matcher(output());
      Matcher ops = OPS.matcher(output());
      return open.find() && ops.find() && isReady(ops.group(1)) ? open.group(1) : null;
    }, url -> url != null);
  }

  /**
   * Sends SIGTERM, as Ctrl-C in a terminal or {@code docker stop} does, and waits at most {@code bound} for the
   * process to exit; returns how long it took, or null when it still runs.
   */
  public Duration terminate(Duration bound) throws InterruptedException {
    long started = System.nanoTime();
    process.destroy();
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      return null;
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Everything printed so far. */
  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean isReady(String opsUrl) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(opsUrl + "/health/ready"))
          .timeout(Duration.ofSeconds(5)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops the stack if it still runs, so that none outlives its test: SIGTERM first, because SIGKILL would leave
   * its redis-server behind; SIGKILL only if it takes longer than any clean stop can.
   */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(CLEAN_STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
