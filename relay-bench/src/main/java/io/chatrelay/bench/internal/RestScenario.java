package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.ProducePlan;
import io.chatrelay.bench.load.ProduceReport;
import io.chatrelay.bench.load.RestPlan;
import io.chatrelay.bench.load.RestReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code rest} scenario: the REST API with keep-alive clients, next to the raw producer sending the same records
 * one at a time per thread at the same concurrency (what a POST cannot beat: it waits for the same acknowledgement).
 */
public final class RestScenario {

  static final String CONTENT = "A question posted over REST by a benchmark client";
  static final double HISTORY_P99_TARGET = 5;

  private RestScenario() {}

  public static void run(BenchRun run, ProductStack stack, RestSettings s) {
    LoadGenerator load = new LoadGenerator(run.workDir(), run.out());
    String runId = UUID.randomUUID().toString().substring(0, 8);
    run.put("settings", s);
    RestReport rest = load.run("rest", new RestPlan(stack.baseUrl(), stack.opsUrl(), runId, s.clientCounts(),
        s.seconds(),
        s.historySizes(), s.historyRequests(), s.historyClients(), s.historySeconds(), s.concurrentPosts(),
        s.warmupSeconds()),
        RestReport.class, Duration.ofMinutes(30));
    run.put("rest", rest);
    ProduceReport producer = load.run("produce", new ProducePlan(stack.bootstrapServers(), "bench-rest-" + runId, 6,
        1_000, false, s.producerSeconds(), s.producerThreads(), s.producerSeconds(), CONTENT), ProduceReport.class,
        Duration.ofMinutes(10));
    run.put("producer", producer);
    print(run.out(), rest, producer);
    verdicts(run, rest, producer);
    List<LatencyChart.Series> series = new ArrayList<>();
    series.add(series("POST messages", rest.post()));
    series.add(series("POST sessions", rest.create()));
    series.add(new LatencyChart.Series("raw producer, one at a time", producer.sync().stream()
        .map(r -> new LatencyChart.Point(r.recordsPerSecond(), r.latency())).toList()));
    LatencyChart.write(run.chartFile(), "REST over HTTP/1.1 keep-alive, closed loop (" + run.mode().label() + ")",
        "requests per second (points: 1, 4, 16, 64 clients)", series,
        List.of(new LatencyChart.Line("history GET target 5 ms", HISTORY_P99_TARGET)));
  }

  private static LatencyChart.Series series(String name, List<RestReport.Throughput> runs) {
    return new LatencyChart.Series(name, runs.stream()
        .map(t -> new LatencyChart.Point(t.perSecond(), t.latency())).toList());
  }

  private static void print(PrintStream out, RestReport rest, ProduceReport producer) {
    out.println();
    Table table = new Table("what", "clients", "requests/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
    List<RestReport.Throughput> all = new ArrayList<>(rest.create());
    all.addAll(rest.post());
    rest.history().forEach(h -> all.add(h.concurrent()));
    all.forEach(t -> table.row(t.what(), t.clients(), f0(t.perSecond()), f2(t.latency().p50()),
        f2(t.latency().p99()), f2(t.latency().p999()), f2(t.latency().max()), t.errors()));
    rest.history().forEach(h -> table.row("GET messages?limit=100, " + String.format(Locale.ROOT, "%,d", h.messages())
        + "-message session, sequential", 1, "", f2(h.sequential().p50()), f2(h.sequential().p99()),
        f2(h.sequential().p999()), f2(h.sequential().max()), 0));
    producer.sync().forEach(r -> table.row("raw producer, one record at a time per thread", r.threads(),
        f0(r.recordsPerSecond()), f2(r.latency().p50()), f2(r.latency().p99()), f2(r.latency().p999()),
        f2(r.latency().max()), 0));
    table.print(out);
    for (int i = 0; i < rest.postBreakdown().size(); i++) {
      RestReport.Breakdown b = rest.postBreakdown().get(i);
      out.printf(Locale.ROOT, "%nPOST messages, %d client(s), by the edge's timers (means): Kafka acknowledgement "
          + "%.2f ms, waits for the projector (read your writes, now only before reads) %.2f ms, whole request %.2f ms",
          rest.post().get(i).clients(), b.produce(), b.readYourWrites(), b.request());
    }
    out.println();
    RestReport.ConcurrentPosts c = rest.concurrent();
    out.printf(Locale.ROOT, "%n%d concurrent POSTs into one session: %d accepted, %d stored once, in order: %s%n",
        c.posts(), c.accepted(), c.stored(), c.inOrder());
  }

  private static void verdicts(BenchRun run, RestReport rest, ProduceReport producer) {
    rest.history().forEach(h -> run.verdict(Verdict.check("history GET (limit=100) p99 ≤ 5 ms at "
            + String.format(Locale.ROOT, "%,d", h.messages()) + " messages", f2(h.sequential().p99()) + " ms",
        h.sequential().p99() <= HISTORY_P99_TARGET, String.format(Locale.ROOT, "missed by %.2f ms",
            h.sequential().p99() - HISTORY_P99_TARGET))));
    if (rest.history().size() > 1) {
      RestReport.History small = rest.history().get(0);
      RestReport.History large = rest.history().get(rest.history().size() - 1);
      // "No slower": within 10% or half a millisecond, whichever is larger, of the small session's p99.
      double allowed = Math.max(small.sequential().p99() * 1.1, small.sequential().p99() + 0.5);
      run.verdict(Verdict.check("history GET no slower at 10,000 messages than at 1,000", String.format(Locale.ROOT,
          "p99 %.2f ms vs %.2f ms", large.sequential().p99(), small.sequential().p99()),
          large.sequential().p99() <= allowed, String.format(Locale.ROOT, "%.2f ms slower",
              large.sequential().p99() - small.sequential().p99())));
    }
    RestReport.Throughput post = rest.post().stream().filter(t -> t.clients() == RestSettings.TARGET_CLIENTS)
        .findFirst().orElse(null);
    ProduceReport.Run raw = producer.sync().stream().filter(r -> r.threads() == RestSettings.TARGET_CLIENTS)
        .findFirst().orElse(null);
    String goal = "POST messages with 16 clients ≥ 0.5 × raw producer (16 threads, one record at a time)";
    if (post == null || raw == null) {
      run.verdict(Verdict.notMeasured(goal, "not run at 16 clients in this mode"));
    } else {
      double ratio = post.perSecond() / raw.recordsPerSecond();
      run.json().with("ratios").put("post16ToRawProducer16", ratio);
      run.verdict(Verdict.check(goal, String.format(Locale.ROOT, "%,.0f/s vs %,.0f/s = %.2f ×", post.perSecond(),
          raw.recordsPerSecond(), ratio), ratio >= 0.5, ExchangeVerdicts.shortfall(ratio, 0.5)));
    }
    RestReport.ConcurrentPosts c = rest.concurrent();
    run.verdict(Verdict.check(c.posts() + " concurrent POSTs into one session all stored, in order",
        c.accepted() + " accepted, " + c.stored() + " stored exactly once, in order: " + c.inOrder(),
        c.allStoredInOrder(), c.problem().isEmpty() ? "not all stored" : c.problem()));
    long lost = c.accepted() - c.stored();
    run.json().put("lost", lost).put("lostMeans", "POSTs answered 200 but not found exactly once in the history");
  }

  static String f0(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
