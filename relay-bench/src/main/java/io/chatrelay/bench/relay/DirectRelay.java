package io.chatrelay.bench.relay;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latency floor the benchmarks compare the product with: browser WebSocket to an edge-like relay to the agent's
 * WebSocket and back, in memory, with nothing stored (no Kafka, no Redis). It speaks the browser frames of the edge
 * (ack, the echoed message, the reply with {@code metadata.inReplyTo}) and the agent protocol of the connector, one
 * agent connection per browser connection, so the same load generator drives both.
 */
public final class DirectRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DirectRelay.class);

  private final Undertow server;
  private final URI baseUri;
  private final AtomicBoolean closed = new AtomicBoolean();

  public DirectRelay(String host, int port, URI agentUrl) {
    Objects.requireNonNull(agentUrl, "agentUrl");
    WebSocketConnectionCallback callback = (WebSocketHttpExchange exchange, WebSocketChannel channel) ->
        RelayedSession.start(channel, sessionOf(exchange.getRequestURI()), agentUrl);
    this.server = Undertow.builder()
        .addHttpListener(port, host)
        .setIoThreads(2)
        .setHandler(Handlers.websocket(callback))
        .build();
    server.start();
    InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    this.baseUri = URI.create("http://" + host + ":" + address.getPort());
    LOG.info("direct relay on {} in front of agent {}", baseUri, agentUrl);
  }

  /** {@code /api/v1/sessions/{id}/ws} as the edge's path; anything else is a session of its own. */
  private static String sessionOf(String path) {
    String[] parts = path.split("/");
    return parts.length >= 5 ? parts[4] : path;
  }

  public URI baseUri() {
    return baseUri;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop();
    }
  }
}
