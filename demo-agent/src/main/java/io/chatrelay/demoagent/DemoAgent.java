package io.chatrelay.demoagent;

import io.chatrelay.demoagent.internal.AgentEndpoint;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket server on 127.0.0.1 speaking the agent protocol, answering as one of three {@link Persona}s.
 *
 * <p>Clients connect to {@code /ws} (persona from each frame's {@code metadata.agentType}, default
 * {@link Persona#DEFAULT}) or {@code /ws/{agentType}}, sending {@code X-Session-ID} and {@code X-User-ID} headers.
 */
public final class DemoAgent implements AutoCloseable {

  public static final String HOST = "127.0.0.1";

  /** How long close() waits for clients to be sent their close frame before the sockets are cut. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(DemoAgent.class);

  private final ScheduledExecutorService scheduler;
  private final AgentEndpoint endpoint;
  private final Undertow server;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoAgent(DemoAgentConfig config, Clock clock) {
    // One thread is enough: it only completes futures and runs stream ticks, and sends are non-blocking.
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "demo-agent-delays");
      thread.setDaemon(true);
      return thread;
    });
    this.endpoint = new AgentEndpoint(config, scheduler, clock);
    // Two I/O threads and a token worker pool: the handlers never block, so nothing is dispatched to workers.
    this.server = Undertow.builder()
        .addHttpListener(config.port(), config.host())
        .setIoThreads(2)
        .setWorkerThreads(2)
        .setHandler(endpoint.handler())
        .build();
    try {
      server.start();
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      throw new IllegalStateException(
          "Cannot listen on " + config.host() + ":" + config.port() + " (" + DemoAgentConfig.ENV_PORT + ")", e);
    }
    this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Starts listening; returns once the port is bound. */
  public static DemoAgent start(DemoAgentConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    DemoAgent agent = new DemoAgent(config, clock);
    log.info("Demo agent listening on {} with {}", agent.url(), config);
    return agent;
  }

  /** The bound port (the actual one when the configured port was 0). */
  public int port() {
    return port;
  }

  /** {@code ws://127.0.0.1:PORT/ws}: persona chosen per frame by {@code metadata.agentType}. */
  public String url() {
    return "ws://" + HOST + ":" + port + AgentEndpoint.PATH;
  }

  /** {@code ws://127.0.0.1:PORT/ws/{agentType}}: every frame on it is answered by this persona. */
  public String url(Persona persona) {
    return url() + "/" + persona.name();
  }

  /** Text and binary frames received on all connections since start, malformed ones included. */
  public long requestsReceived() {
    return endpoint.requestsReceived();
  }

  /** WebSocket connections accepted since start (refused upgrades are not counted). */
  public long connectionsOpened() {
    return endpoint.connectionsOpened();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException first = null;
    try {
      endpoint.closeConnections(CLOSE_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      first = e;
    }
    try {
      server.stop();
    } catch (RuntimeException e) {
      first = first == null ? e : first;
    }
    scheduler.shutdownNow();
    log.info("Demo agent on port {} stopped", port);
    if (first != null) {
      throw first;
    }
  }
}
