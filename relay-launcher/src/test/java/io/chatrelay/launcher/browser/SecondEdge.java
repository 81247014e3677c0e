package io.chatrelay.launcher.browser;

import io.chatrelay.edge.EdgeConfig;
import io.chatrelay.edge.EdgeService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * One more edge instance on the stack's broker and Redis, on a port of its own that survives a restart: the browser
 * keeps the same page (same origin) while the edge behind it goes away and comes back.
 */
final class SecondEdge implements AutoCloseable {

  private final EdgeConfig config;
  private EdgeService edge;

  SecondEdge(Map<String, String> stackEnv) {
    Map<String, String> env = new HashMap<>(stackEnv);
    env.put("HTTP_PORT", Integer.toString(freePort()));
    this.config = EdgeConfig.fromEnv(env);
    this.edge = new EdgeService(config);
  }

  String baseUrl() {
    return "http://" + config.httpHost() + ":" + config.httpPort();
  }

  /** Stops the edge: its sockets close, new connections are refused. */
  void stop() {
    edge.close();
  }

  /** The edge again, on the same port. */
  void restart() {
    edge = new EdgeService(config);
  }

  @Override
  public void close() {
    edge.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
