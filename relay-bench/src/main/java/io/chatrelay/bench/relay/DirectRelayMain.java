package io.chatrelay.bench.relay;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * {@code DirectRelayMain AGENT_WS_URL [PORT]}: runs the direct relay baseline in a process of its own until it is
 * stopped, printing {@code direct relay listening on http://127.0.0.1:PORT} once it accepts connections.
 */
public final class DirectRelayMain {

  private DirectRelayMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: DirectRelayMain AGENT_WS_URL [PORT]");
      System.exit(2);
    }
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    DirectRelay relay = new DirectRelay("127.0.0.1", port, URI.create(args[0]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      relay.close();
      stopped.countDown();
    }, "direct-relay-shutdown"));
    System.out.println("direct relay listening on " + relay.baseUri());
    System.out.flush();
    stopped.await();
  }
}
