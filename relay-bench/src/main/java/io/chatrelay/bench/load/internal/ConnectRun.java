package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.ConnectPlan;
import io.chatrelay.bench.load.ConnectReport;
import io.chatrelay.bench.load.LoadGeneratorMain;
import io.chatrelay.bench.load.Percentiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The {@code connect} task: sign in and open the sessions, then (on {@code connect}) ramp idle browser WebSockets
 * to the edge, hold them, and (on {@code push}) send a REST message to each session and check that every socket of
 * it receives the event. Progress lines starting with {@code @} carry JSON for the benchmark.
 */
public final class ConnectRun {

  private static final int SIGN_IN_CONCURRENCY = 32;

  private final ConnectPlan plan;
  private final PrintStream out;
  private final BufferedReader commands;
  private final Api api;

  public ConnectRun(ConnectPlan plan, PrintStream out, BufferedReader commands) {
    this.plan = plan;
    this.out = out;
    this.commands = commands;
    this.api = new Api(plan.baseUrl());
  }

  public ConnectReport run() throws Exception {
    long start = System.nanoTime();
    List<Api.Session> sessions = signIn();
    double sessionSeconds = (System.nanoTime() - start) / 1e9;
    emit("sessions", new Object[] {sessions.size(), sessionSeconds});
    expect("connect");
    try (Sockets sockets = new Sockets(2, plan.bindAddresses())) {
      Ramp ramp = new Ramp(plan, sockets, sessions, out);
      ramp.run();
      emit("connected", ramp.summary());
      expect("push");
      int dropped = ramp.closedCount();
      ConnectReport.Push push = new Pusher(api, ramp, plan, out).run();
      emit("pushed", push);
      expect("quit");
      ramp.closeAll();
      return new ConnectReport(sessions.size(), sessionSeconds, ramp.open(), ramp.failed(), ramp.seconds(),
          ramp.handshakesPerSecond(), Percentiles.ofMicros(ramp.handshakes()), ramp.stages(), dropped, push,
          ramp.failures());
    }
  }

  private List<Api.Session> signIn() throws InterruptedException {
    int count = (plan.sockets() + plan.socketsPerSession() - 1) / plan.socketsPerSession();
    Semaphore inFlight = new Semaphore(SIGN_IN_CONCURRENCY);
    List<CompletableFuture<Api.Session>> opening = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      opening.add(api.openSession("conn-" + plan.runId() + "-" + plan.process() + "-" + i)
          .whenComplete((s, e) -> inFlight.release()));
      if ((i + 1) % 1000 == 0) {
        out.printf(Locale.ROOT, "process %d: %,d of %,d sessions open%n", plan.process(), i + 1, count);
      }
    }
    List<Api.Session> sessions = new ArrayList<>();
    for (CompletableFuture<Api.Session> f : opening) {
      sessions.add(f.join());
    }
    return sessions;
  }

  private void emit(String event, Object body) throws IOException {
    out.println("@" + event + " " + LoadGeneratorMain.JSON.writeValueAsString(body));
  }

  private void expect(String command) throws IOException {
    String line = commands.readLine();
    if (line == null || !line.trim().equals(command)) {
      throw new IllegalStateException("expected the command '" + command + "', got " + line);
    }
  }
}
