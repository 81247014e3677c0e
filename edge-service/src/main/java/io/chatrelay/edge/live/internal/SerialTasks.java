package io.chatrelay.edge.live.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's messages one after another on a shared executor, each task starting when the previous one's
 * stage completes. This keeps a browser's messages in the log in the order it sent them, without a thread per
 * socket.
 */
final class SerialTasks {

  private static final Logger LOG = LoggerFactory.getLogger(SerialTasks.class);

  private final Executor executor;
  private final Deque<Supplier<CompletionStage<?>>> queue = new ArrayDeque<>();
  private boolean running;

  SerialTasks(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  void submit(Supplier<CompletionStage<?>> task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    executor.execute(this::runNext);
  }

  private void runNext() {
    Supplier<CompletionStage<?>> task;
    synchronized (this) {
      task = queue.poll();
      if (task == null) {
        running = false;
        return;
      }
    }
    CompletionStage<?> stage;
    try {
      stage = task.get();
    } catch (RuntimeException e) {
      LOG.error("a socket task failed", e);
      stage = CompletableFuture.completedFuture(null);
    }
    stage.whenComplete((result, error) -> executor.execute(this::runNext));
  }
}
