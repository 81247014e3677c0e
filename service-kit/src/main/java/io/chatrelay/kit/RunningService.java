package io.chatrelay.kit;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A started service: it runs until it is closed, or until it stops by itself because it cannot go on (a fatal
 * Kafka error, its streams dead). {@link ServiceRunner} turns the second into a non-zero exit, so an orchestrator
 * restarts the process instead of leaving it up and useless.
 */
public interface RunningService extends AutoCloseable {

  /** Completes with the cause when the service has stopped by itself; never completes when it is closed. */
  CompletionStage<Throwable> fatalFailure();

  /** Stops the service; safe to call more than once. */
  @Override
  void close();

  /**
   * A component with nothing that can stop it by itself: it answers every failure to its callers (a server) and
   * runs until closed.
   */
  static RunningService untilClosed(AutoCloseable component) {
    Objects.requireNonNull(component, "component");
    CompletableFuture<Throwable> never = new CompletableFuture<>();
    return new RunningService() {
      @Override
      public CompletionStage<Throwable> fatalFailure() {
        return never;
      }

      @Override
      public void close() {
        try {
          component.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("cannot close " + component, e);
        }
      }
    };
  }
}
