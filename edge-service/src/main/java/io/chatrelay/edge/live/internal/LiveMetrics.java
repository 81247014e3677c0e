package io.chatrelay.edge.live.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The WebSocket's meters: open sockets, bytes waiting to go out, frames in and out, closes by reason. */
public final class LiveMetrics {

  private final MeterRegistry registry;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Counter framesIn;
  private final Counter framesOut;

  public LiveMetrics(MeterRegistry registry, IntSupplier openSockets) {
    this.registry = Objects.requireNonNull(registry, "registry");
    Gauge.builder("edge.ws.connections", openSockets::getAsInt).description("open browser WebSockets")
        .register(registry);
    Gauge.builder("edge.ws.queued.bytes", queuedBytes::get)
        .description("bytes of frames handed to sockets and not yet written, all sockets together")
        .register(registry);
    framesIn = Counter.builder("edge.ws.frames").tag("direction", "in").description("WebSocket data frames")
        .register(registry);
    framesOut = Counter.builder("edge.ws.frames").tag("direction", "out").description("WebSocket data frames")
        .register(registry);
  }

  public void frameIn() {
    framesIn.increment();
  }

  public void frameOut() {
    framesOut.increment();
  }

  void queued(long delta) {
    queuedBytes.addAndGet(delta);
  }

  public long queuedBytes() {
    return queuedBytes.get();
  }

  /**
   * @param reason client (the browser closed or vanished), idle, overloaded (stopped reading), session_deleted,
   *     signed_out, shutdown, protocol (too big or malformed frame), resume_failed
   */
  public void closed(String reason) {
    Counter.builder("edge.ws.closes").tag("reason", reason).description("WebSocket closes by reason")
        .register(registry).increment();
  }

  /** A message refused by the rate limit; {@code channel} is ws or rest. */
  public void rateLimited(String channel) {
    Counter.builder("edge.rate_limited").tag("channel", channel).description("messages refused by the rate limit")
        .register(registry).increment();
  }

  /** Where a resume read the missed events from: view (Redis) or log (Kafka). */
  public void resumed(String source) {
    Counter.builder("edge.ws.resumes").tag("source", source).description("resumes with lastSeq by source")
        .register(registry).increment();
  }
}
