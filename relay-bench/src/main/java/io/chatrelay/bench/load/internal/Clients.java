package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.ExchangePlan;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The exchange's browsers: each signs in as its own user and opens its own session (product), then holds one
 * WebSocket to it with the session cookie and the page's Origin. The direct relay needs neither.
 */
final class Clients implements AutoCloseable {

  /** Handshakes and sign-ins in flight at once while setting up. */
  private static final int SETUP_CONCURRENCY = 32;

  private final List<Api.Session> sessions;
  private final List<BrowserSocket> sockets;
  private final Api api;

  private Clients(List<Api.Session> sessions, List<BrowserSocket> sockets, Api api) {
    this.sessions = sessions;
    this.sockets = sockets;
    this.api = api;
  }

  static Clients open(ExchangePlan plan, Sockets factory, Ledger ledger, PrintStream out)
      throws InterruptedException {
    return open(plan.target(), plan.baseUrl(), plan.product(), plan.clients(), plan.runId(), factory, ledger,
        ledger.sendFailures, out);
  }

  /**
   * @param product sign in and open sessions (the product), or not (the direct relay)
   * @param runId makes the user ids unique per run
   */
  static Clients open(String target, String baseUrl, boolean product, int count, String runId, Sockets factory,
      BrowserSocket.Listener listener, LongAdder sendFailures, PrintStream out) throws InterruptedException {
    Api api = new Api(baseUrl);
    List<Api.Session> sessions = product ? signIn(api, target, count, runId, out) : fakeSessions(count);
    List<CompletableFuture<BrowserSocket>> opening = new ArrayList<>();
    Semaphore inFlight = new Semaphore(SETUP_CONCURRENCY);
    String ws = baseUrl.replaceFirst("^http", "ws");
    for (int i = 0; i < sessions.size(); i++) {
      Api.Session session = sessions.get(i);
      Map<String, String> headers = session.cookie() == null ? Map.of("Origin", baseUrl)
          : Map.of("Origin", baseUrl, "Cookie", "session=" + session.cookie());
      inFlight.acquire();
      int index = i;
      opening.add(factory.connect(URI.create(ws + "/api/v1/sessions/" + session.sessionId() + "/ws"), headers)
          .whenComplete((channel, error) -> inFlight.release())
          .thenApply(channel -> new BrowserSocket(index, channel, listener, sendFailures)));
    }
    List<BrowserSocket> sockets = new ArrayList<>();
    for (CompletableFuture<BrowserSocket> f : opening) {
      sockets.add(f.join());
    }
    out.printf(Locale.ROOT, "%s: %,d sockets open%n", target, sockets.size());
    return new Clients(sessions, sockets, api);
  }

  private static List<Api.Session> signIn(Api api, String target, int count, String runId, PrintStream out)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(SETUP_CONCURRENCY);
    List<CompletableFuture<Api.Session>> opening = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      opening.add(api.openSession("bench-" + runId + "-" + i).whenComplete((s, e) -> inFlight.release()));
    }
    List<Api.Session> sessions = new ArrayList<>();
    for (CompletableFuture<Api.Session> f : opening) {
      sessions.add(f.join());
    }
    out.printf(Locale.ROOT, "%s: %,d users signed in, one session each%n", target, sessions.size());
    return sessions;
  }

  private static List<Api.Session> fakeSessions(int count) {
    List<Api.Session> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sessions.add(new Api.Session("direct-" + i, UUID.randomUUID().toString(), new AtomicReference<>()));
    }
    return sessions;
  }

  int size() {
    return sockets.size();
  }

  BrowserSocket socket(int index) {
    return sockets.get(index);
  }

  Api.Session session(int index) {
    return sessions.get(index);
  }

  Api api() {
    return api;
  }

  @Override
  public void close() {
    sockets.forEach(BrowserSocket::close);
  }
}
