package io.chatrelay.edge.views;

import io.chatrelay.edge.api.EdgeMetrics;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.log.ChatLog;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read your writes: a client's next read sees what it just did. Either a write's answer is held until the views
 * show it ({@link #await}), or the write is answered at once and the client's next read waits for the positions its
 * cookie carries ({@link #awaitWritten}). The wait is bounded: after the timeout a write is still answered as a
 * success, because it IS stored in the log and a failure would make the client send it again.
 */
public final class ReadYourWrites {

  private static final Logger LOG = LoggerFactory.getLogger(ReadYourWrites.class);

  private final ProjectionWatcher watcher;
  private final Duration timeout;
  private final EdgeMetrics metrics;

  public ReadYourWrites(ProjectionWatcher watcher, Duration timeout, EdgeMetrics metrics) {
    this.watcher = Objects.requireNonNull(watcher, "watcher");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Completes with {@code ack} once the projector applied it, or when the timeout passes. Never fails. */
  public CompletableFuture<ChatLog.Ack> await(String sessionId, ChatLog.Ack ack) {
    if (timeout.isZero()) {
      return CompletableFuture.completedFuture(ack);
    }
    Timer.Sample sample = metrics.start();
    return watcher.awaitApplied(ack.partition(), ack.offset(), timeout).thenApply(applied -> {
      metrics.readYourWrites(sample, applied ? "applied" : "timeout");
      if (!applied) {
        LOG.warn("views did not show the write sessionId={} at {} within {} ms; answering anyway, it is stored",
            sessionId, ack, timeout.toMillis());
      }
      return ack;
    });
  }

  /**
   * Completes once the projector applied every position a client wrote at (or when the timeout passes): a read
   * waits here so it shows the client's own acknowledged writes. Never fails; completes at once when the views
   * already show them, which is the common case.
   */
  public CompletableFuture<Void> awaitWritten(String userId, WrittenPositions written) {
    if (timeout.isZero() || written.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Timer.Sample sample = metrics.start();
    CompletableFuture<?>[] each = written.offsets().entrySet().stream()
        .map(p -> watcher.awaitApplied(p.getKey(), p.getValue(), timeout))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(each).thenRun(() -> {
      boolean applied = Arrays.stream(each).allMatch(f -> Boolean.TRUE.equals(f.join()));
      metrics.readYourWrites(sample, applied ? "applied" : "timeout");
      if (!applied) {
        LOG.warn("views did not show the writes of userId={} at {} within {} ms; reading anyway", userId,
            written.text(), timeout.toMillis());
      }
    });
  }

  /**
   * Runs {@code read} on a worker thread of the exchange once the views show the caller's own writes, at once when
   * its cookie names none. No thread waits meanwhile.
   */
  public void dispatchRead(HttpServerExchange exchange, Identity.Caller caller, Runnable read) {
    Executor worker = exchange.getConnection().getWorker();
    if (caller.written().isEmpty()) {
      exchange.dispatch(worker, read);
      return;
    }
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> awaitWritten(caller.userId(), caller.written())
        .whenCompleteAsync((ignored, error) -> read.run(), worker));
  }
}
