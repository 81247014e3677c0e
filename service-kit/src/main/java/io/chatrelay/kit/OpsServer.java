package io.chatrelay.kit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} on a listener of their own, apart from anything a
 * service serves to its users (the edge) or for services with no HTTP server at all (projector, connector,
 * analytics). The JDK's server is enough for a probe and a scrape every few seconds. Any other path is 404.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  private final HttpServer server;
  private final String host;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OpsServer(HttpServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /** Starts on {@code host:port}; port 0 picks a free one. */
  public static OpsServer start(String host, int port, Health health, PrometheusMeterRegistry registry) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
      server.createContext("/health/live", ex -> {
        Health.Report report = health.live();
        respond(ex, report.httpStatus(), "application/json", report.toJson());
      });
      server.createContext("/health/ready", ex -> {
        Health.Report report = health.ready();
        respond(ex, report.httpStatus(), "application/json", report.toJson());
      });
      server.createContext("/metrics",
          ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
      server.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ops-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      LOG.info("ops endpoints listening on {}:{}", host, server.getAddress().getPort());
      return new OpsServer(server, host);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ops endpoints on " + host + ":" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The interface as configured, such as {@code 127.0.0.1}. */
  public String host() {
    return host;
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}
