package io.chatrelay.bench.load.internal;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.websockets.client.WebSocketClient;
import io.undertow.websockets.client.WebSocketClientNegotiation;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Opens browser-like WebSockets with Undertow's client: non-blocking, a few I/O threads for thousands of sockets,
 * and a chosen local address per socket, so more than one ephemeral port range is available (127.0.0.2, .3, ...).
 */
public final class Sockets implements AutoCloseable {

  private final XnioWorker worker;
  private final ByteBufferPool buffers;
  private final List<InetAddress> bindAddresses;
  private final AtomicInteger next = new AtomicInteger();

  public Sockets(int ioThreads, List<String> bindAddresses) {
    try {
      this.worker = Xnio.getInstance(Sockets.class.getClassLoader()).createWorker(OptionMap.builder()
          .set(Options.WORKER_IO_THREADS, ioThreads)
          .set(Options.TCP_NODELAY, true)
          .set(Options.WORKER_TASK_CORE_THREADS, 2)
          .set(Options.WORKER_TASK_MAX_THREADS, 4)
          .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the client's I/O threads", e);
    }
    this.buffers = new DefaultByteBufferPool(true, 8 * 1024);
    this.bindAddresses = bindAddresses.stream().map(Sockets::address).toList();
  }

  /** Connects with {@code headers} on the upgrade request; completes when the handshake is done. */
  public CompletableFuture<WebSocketChannel> connect(URI uri, Map<String, String> headers) {
    WebSocketClient.ConnectionBuilder builder = WebSocketClient.connectionBuilder(worker, buffers, uri)
        .setClientNegotiation(new WebSocketClientNegotiation(null, null) {
          @Override
          public void beforeRequest(Map<String, List<String>> request) {
            headers.forEach((name, value) -> request.put(name, List.of(value)));
          }
        });
    if (!bindAddresses.isEmpty()) {
      InetAddress local = bindAddresses.get(Math.floorMod(next.getAndIncrement(), bindAddresses.size()));
      builder.setBindAddress(new InetSocketAddress(local, 0));
    }
    CompletableFuture<WebSocketChannel> done = new CompletableFuture<>();
    builder.connect().addNotifier(new IoFuture.HandlingNotifier<WebSocketChannel, Void>() {
      @Override
      public void handleDone(WebSocketChannel channel, Void attachment) {
        done.complete(channel);
      }

      @Override
      public void handleFailed(IOException exception, Void attachment) {
        done.completeExceptionally(exception);
      }

      @Override
      public void handleCancelled(Void attachment) {
        done.cancel(false);
      }
    }, null);
    return done;
  }

  private static InetAddress address(String name) {
    try {
      return InetAddress.getByName(name);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a local address: " + name, e);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
