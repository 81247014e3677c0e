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
    Api api = new Api(plan.baseUrl());
    List<Api.Session> sessions = plan.product() ? signIn(api, plan, out) : fakeSessions(plan.clients());
    List<CompletableFuture<BrowserSocket>> opening = new ArrayList<>();
    Semaphore inFlight = new Semaphore(SETUP_CONCURRENCY);
    String ws = plan.baseUrl().replaceFirst("^http", "ws");
    for (int i = 0; i < sessions.size(); i++) {
      Api.Session session = sessions.get(i);
      Map<String, String> headers = session.cookie() == null ? Map.of("Origin", plan.baseUrl())
          : Map.of("Origin", plan.baseUrl(), "Cookie", "session=" + session.cookie());
      inFlight.acquire();
      int index = i;
      opening.add(factory.connect(URI.create(ws + "/api/v1/sessions/" + session.sessionId() + "/ws"), headers)
          .whenComplete((channel, error) -> inFlight.release())
          .thenApply(channel -> new BrowserSocket(index, channel, ledger, ledger.sendFailures)));
    }
    List<BrowserSocket> sockets = new ArrayList<>();
    for (CompletableFuture<BrowserSocket> f : opening) {
      sockets.add(f.join());
    }
    out.printf(Locale.ROOT, "%s: %,d sockets open%n", plan.target(), sockets.size());
    return new Clients(sessions, sockets, api);
  }

  private static List<Api.Session> signIn(Api api, ExchangePlan plan, PrintStream out) throws InterruptedException {
    Semaphore inFlight = new Semaphore(SETUP_CONCURRENCY);
    List<CompletableFuture<Api.Session>> opening = new ArrayList<>();
    for (int i = 0; i < plan.clients(); i++) {
      inFlight.acquire();
      opening.add(api.openSession("bench-" + plan.runId() + "-" + i).whenComplete((s, e) -> inFlight.release()));
    }
    List<Api.Session> sessions = new ArrayList<>();
    for (CompletableFuture<Api.Session> f : opening) {
      sessions.add(f.join());
    }
    out.printf(Locale.ROOT, "%s: %,d users signed in, one session each%n", plan.target(), sessions.size());
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
