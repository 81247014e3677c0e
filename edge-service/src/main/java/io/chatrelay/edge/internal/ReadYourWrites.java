package io.chatrelay.edge.internal;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a write's answer until the views show it, so the client's next read sees what it just did. The wait is
 * bounded: after the timeout the write is still answered as a success, because it IS stored in the log and a
 * failure would make the client send it again.
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
}
