package io.chatrelay.reliability.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between a client and a server that injects network faults on command: latency,
 * a bandwidth limit, a black hole (connections stay open, bytes are swallowed), resets, and refusing connections
 * altogether. Every connection is recorded with when it opened and closed and which side closed it, so a test can
 * see when a client gave up on a connection and how long it waited before the next one.
 */
public final class FaultProxy implements AutoCloseable {

  /** One client connection through the proxy. */
  public static final class Link {
    public final int id;
    public final long openedNanos = System.nanoTime();
    private volatile long closedNanos;
    private volatile String closedBy;
    private final Socket client;
    private final Socket server;

    Link(int id, Socket client, Socket server) {
      this.id = id;
      this.client = client;
      this.server = server;
    }

    /** 0 while open. */
    public long closedNanos() {
      return closedNanos;
    }

    /** "client", "server" or "proxy"; null while open. */
    public String closedBy() {
      return closedBy;
    }

    public boolean open() {
      return closedNanos == 0;
    }

    synchronized void close(String by) {
      if (closedNanos == 0) {
        closedNanos = System.nanoTime();
        closedBy = by;
      }
      quietly(client);
      quietly(server);
    }

    void reset() {
      try {
        client.setSoLinger(true, 0);
        server.setSoLinger(true, 0);
      } catch (SocketException e) {
        // already closed
      }
      close("proxy");
    }
  }

  private final int targetPort;
  private final int port;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile ServerSocket listener;
  private volatile boolean blackhole;
  private volatile boolean resetting;
  private volatile long latencyMillis;
  private volatile long bytesPerSecond;
  private volatile boolean closed;

  public FaultProxy(int targetPort) {
    this.targetPort = targetPort;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
    startAccepting(listener);
  }

  public int port() {
    return port;
  }

  /** Everything passes unchanged again (also undoes {@link #refuse()}). */
  public synchronized FaultProxy heal() {
    blackhole = false;
    resetting = false;
    latencyMillis = 0;
    bytesPerSecond = 0;
    acceptAgain();
    return this;
  }

  /** Connections stay open, new ones are accepted, but no byte gets through in either direction. */
  public FaultProxy blackhole() {
    blackhole = true;
    return this;
  }

  /** Every chunk arrives {@code latency} late. */
  public FaultProxy latency(Duration latency) {
    latencyMillis = latency.toMillis();
    return this;
  }

  public FaultProxy bandwidth(long limitBytesPerSecond) {
    bytesPerSecond = limitBytesPerSecond;
    return this;
  }

  /** Resets every open connection, and every new one as soon as it is accepted. */
  public FaultProxy reset() {
    resetting = true;
    links.forEach(Link::reset);
    return this;
  }

  /** Stops listening: connecting is refused ({@code ECONNREFUSED}) until {@link #heal()}. Open links stay. */
  public synchronized FaultProxy refuse() {
    quietly(listener);
    listener = null;
    return this;
  }

  /** The links so far, oldest first. */
  public List<Link> links() {
    return new ArrayList<>(links);
  }

  public long openLinks() {
    return links.stream().filter(Link::open).count();
  }

  private void acceptAgain() {
    if (listener == null && !closed) {
      listener = listen(port);
      startAccepting(listener);
    }
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  private void startAccepting(ServerSocket socket) {
    Thread acceptor = new Thread(() -> acceptLoop(socket), "fault-proxy-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return;
      }
      connect(client);
    }
  }

  private void connect(Socket client) {
    Socket server = new Socket();
    try {
      server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
    } catch (IOException e) {
      quietly(client);
      return;
    }
    Link link = new Link(ids.incrementAndGet(), client, server);
    links.add(link);
    if (resetting) {
      link.reset();
      return;
    }
    pump(link, client, server, "client");
    pump(link, server, client, "server");
  }

  /** One direction: a reader thread, and a writer thread that applies latency and bandwidth. */
  private void pump(Link link, Socket from, Socket to, String side) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> read(link, from, queue, side), "fault-proxy-read-" + link.id + "-" + side);
    Thread writer = new Thread(() -> write(link, to, queue), "fault-proxy-write-" + link.id + "-" + side);
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private record Chunk(byte[] bytes, long dueNanos) {
    static final Chunk END = new Chunk(new byte[0], 0);
  }

  private void read(Link link, Socket from, BlockingQueue<Chunk> queue, String side) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (blackhole) {
          continue; // swallowed: the sender believes it was sent
        }
        byte[] bytes = java.util.Arrays.copyOf(buffer, n);
        queue.add(new Chunk(bytes, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(latencyMillis)));
      }
      link.close(side);
    } catch (IOException e) {
      link.close(link.open() ? side : link.closedBy());
    } finally {
      queue.add(Chunk.END);
    }
  }

  private void write(Link link, Socket to, BlockingQueue<Chunk> queue) {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk chunk = queue.take();
        if (chunk == Chunk.END) {
          return;
        }
        long wait = chunk.dueNanos() - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (blackhole) {
          continue;
        }
        out.write(chunk.bytes());
        out.flush();
        long limit = bytesPerSecond;
        if (limit > 0) {
          TimeUnit.MICROSECONDS.sleep(chunk.bytes().length * 1_000_000L / limit);
        }
      }
    } catch (IOException e) {
      link.close(link.open() ? "proxy" : link.closedBy());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    quietly(listener);
    links.forEach(link -> link.close("proxy"));
  }

  private static void quietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
