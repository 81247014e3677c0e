package io.chatrelay.launcher;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tries a fixed port before a slow start-up depends on it: the dev stack starts the broker, Redis and four services
 * before the edge binds {@code HTTP_PORT}, and the broker logs its own stack trace when its port is taken. The bind
 * is tried and released at once; whoever takes the port in between still fails with the listener's own message.
 */
final class PortCheck {

  private PortCheck() {}

  /**
   * @param setting what the person changes to pick another port, for the message
   * @throws IllegalStateException when something listens on {@code host:port} already
   */
  static void requireFree(String host, int port, String setting) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
    } catch (BindException e) {
      throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + setting + ")", e);
    } catch (IOException e) {
      // Not a taken port (say, an unknown host): the listener itself reports it with its full story.
    }
  }
}
