package io.chatrelay.kit;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one service in the foreground, the one way every service runs ({@code ./relay edge}, {@code ./relay
 * connector}, ...): started from its configuration, closed once on SIGINT/SIGTERM, and ended with a non-zero exit
 * code when it cannot start or stops by itself.
 */
public final class ServiceRunner {

  /** The service stopped because it was asked to. */
  public static final int EXIT_STOPPED = 0;
  /** The service stopped by itself on a fatal error. */
  public static final int EXIT_FAILED = 1;
  /** The configuration was refused; nothing was started. */
  public static final int EXIT_BAD_CONFIG = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

  private final Runtime runtime;
  private final PrintStream err;

  public ServiceRunner(Runtime runtime, PrintStream err) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.err = Objects.requireNonNull(err, "err");
  }

  /** With the JVM's runtime (its shutdown hooks) and standard error. */
  public static ServiceRunner standard() {
    return new ServiceRunner(Runtime.getRuntime(), System.err);
  }

  /**
   * Starts the service and blocks until it is stopped by a signal or stops by itself; returns the exit code. A
   * refused configuration ({@link IllegalArgumentException} from reading it) is one line on standard error; any
   * other failure to start is thrown to the caller.
   */
  public int run(String name, Supplier<? extends RunningService> start) {
    RunningService service;
    try {
      service = start.get();
    } catch (IllegalArgumentException e) {
      err.println("relay " + name + ": " + e.getMessage());
      return EXIT_BAD_CONFIG;
    }
    CompletableFuture<Void> closedBySignal = new CompletableFuture<>();
    Thread hook = new Thread(() -> {
      LOG.info("{} stopping", name);
      try {
        service.close();
      } finally {
        closedBySignal.complete(null);
      }
    }, name + "-shutdown");
    runtime.addShutdownHook(hook);
    CompletableFuture<Throwable> failed = service.fatalFailure().toCompletableFuture();
    try {
      CompletableFuture.anyOf(closedBySignal, failed).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_STOPPED;
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " failed to report its end", e.getCause());
    }
    if (closedBySignal.isDone()) {
      return EXIT_STOPPED;
    }
    LOG.error("{} stopped by a fatal error; exiting", name, failed.join());
    try {
      runtime.removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // A signal came at the same moment: the hook closes it.
    }
    service.close();
    return EXIT_FAILED;
  }
}
