package io.chatrelay.bench.load.internal;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives a session a long history the way a chatty browser would: messages over its WebSocket, each answered by the
 * agent, until the session's views count {@code size} entries (messages and replies).
 */
final class HistoryFiller {

  private static final int RATE = 500;
  private static final long TIMEOUT_NANOS = 300_000_000_000L;

  private final Api api;
  private final Api.Session session;
  private final PrintStream out;

  HistoryFiller(Api api, Api.Session session, PrintStream out) {
    this.api = api;
    this.session = session;
    this.out = out;
  }

  void fill(int size) throws Exception {
    AtomicLong replies = new AtomicLong();
    LongAdder failures = new LongAdder();
    try (Sockets sockets = new Sockets(1, List.of())) {
      String ws = api.base().replaceFirst("^http", "ws") + "/api/v1/sessions/" + session.sessionId() + "/ws";
      BrowserSocket socket = new BrowserSocket(0, sockets.connect(URI.create(ws), Map.of("Origin", api.base(),
          "Cookie", "session=" + session.cookie())).join(), (s, text) -> {
            if (text.contains("\"type\":\"response\"")) {
              replies.incrementAndGet();
            }
          }, failures);
      int messages = size / 2;
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        LockSupport.parkNanos(Math.max(0, start + i * (1_000_000_000L / RATE) - System.nanoTime()));
        socket.send("{\"id\":\"h" + i + "\",\"type\":\"message\",\"content\":\"History question " + i + "\"}");
      }
      long deadline = System.nanoTime() + TIMEOUT_NANOS;
      while (count() < size) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the session has " + count() + " of " + size + " entries after 5 min");
        }
        Thread.sleep(200);
      }
      socket.close();
    }
    out.printf(Locale.ROOT, "session filled: %,d entries (%,d replies seen live)%n", count(), replies.get());
  }

  private long count() {
    return api.messageCount(session);
  }
}
