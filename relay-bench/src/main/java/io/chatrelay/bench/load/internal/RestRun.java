package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.Percentiles;
import io.chatrelay.bench.load.RestPlan;
import io.chatrelay.bench.load.RestReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The {@code rest} task: session creation and message POST with many keep-alive clients, history reads of long
 * sessions, and many POSTs into one session at once.
 */
public final class RestRun {

  private static final int WARM_UP_CLIENTS = 16;

  private final RestPlan plan;
  private final PrintStream out;
  private final Api api;

  public RestRun(RestPlan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
    this.api = new Api(plan.baseUrl());
  }

  public RestReport run() throws Exception {
    warmUp();
    List<RestReport.Throughput> create = new ArrayList<>();
    List<RestReport.Throughput> post = new ArrayList<>();
    for (int clients : plan.clientCounts()) {
      create.add(ClosedLoop.run("POST /api/v1/sessions", clients, plan.seconds(), i -> {
        Api.Session me = signIn("c" + clients + "-" + i);
        return () -> api.createSession(me.cookie()).status() == 201;
      }, out));
    }
    List<RestReport.Breakdown> breakdown = new ArrayList<>();
    EdgeTimers timers = new EdgeTimers(plan.opsUrl());
    AnswerDrain drain = new AnswerDrain(api);
    for (int clients : plan.clientCounts()) {
      var before = timers.snapshot();
      post.add(ClosedLoop.run("POST /api/v1/sessions/{id}/messages", clients, plan.seconds(), i -> {
        Api.Session me = signIn("p" + clients + "-" + i);
        return () -> {
          boolean stored = api.postMessage(me, "A question posted over REST by a benchmark client").status() == 200;
          if (stored) {
            drain.accepted(me);
          }
          return stored;
        };
      }, out));
      RestReport.Breakdown b = EdgeTimers.between(before, timers.snapshot());
      breakdown.add(b);
      out.printf(Locale.ROOT, "  edge timers, means: Kafka acknowledgement %.2f ms, read-your-writes waits %.2f ms;"
          + " whole request %.2f ms%n", b.produce(), b.readYourWrites(), b.request());
    }
    drain.await(out);
    List<RestReport.History> history = new ArrayList<>();
    for (int size : plan.historySizes()) {
      history.add(history(size));
    }
    RestReport.ConcurrentPosts concurrent = plan.concurrentPosts() == 0 ? RestReport.ConcurrentPosts.NONE
        : new ConcurrentPostsCheck(api, signIn("concurrent"), plan.concurrentPosts(), out).run();
    return new RestReport(create, post, breakdown, history, concurrent);
  }

  /** Requests of each kind first, so the figures are not the JIT's. */
  private void warmUp() throws InterruptedException {
    ClosedLoop.run("warm-up", WARM_UP_CLIENTS, plan.warmupSeconds(), i -> {
      Api.Session me = signIn("w" + i);
      return () -> api.postMessage(me, "warm-up").status() == 200 && api.history(me, 100, -1).status() == 200;
    }, out);
  }

  private RestReport.History history(int size) throws Exception {
    Api.Session session = signIn("h" + size);
    long start = System.nanoTime();
    new HistoryFiller(api, session, out).fill(size);
    double built = (System.nanoTime() - start) / 1e9;
    Histogram sequential = Percentiles.newMicrosHistogram();
    for (int i = 0; i < plan.historyRequests() + 50; i++) {
      long sent = System.nanoTime();
      Api.Answer answer = api.history(session, 100, -1);
      if (answer.status() != 200) {
        throw new IllegalStateException("history answered " + answer.status());
      }
      if (i >= 50) {
        sequential.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
      }
    }
    Percentiles p = Percentiles.ofMicros(sequential);
    out.printf(Locale.ROOT, "GET messages?limit=100 of a %,d-message session, one client: p50 %.2f ms, p99 %.2f ms,"
        + " max %.2f ms%n", size, p.p50(), p.p99(), p.max());
    RestReport.Throughput concurrent = ClosedLoop.run("GET messages?limit=100 (" + size + " messages)",
        plan.historyClients(), plan.historySeconds(), i -> () -> api.history(session, 100, -1).status() == 200, out);
    return new RestReport.History(size, built, p, concurrent);
  }

  private Api.Session signIn(String who) {
    return api.openSession("rest-" + plan.runId() + "-" + who).join();
  }
}
