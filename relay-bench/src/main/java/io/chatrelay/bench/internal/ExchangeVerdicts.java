package io.chatrelay.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.bench.load.ExchangeReport;
import io.chatrelay.bench.load.ExchangeReport.StepReport;
import io.chatrelay.bench.load.ProduceReport;
import java.io.PrintStream;
import java.util.Locale;

/** The exchange scenario's table, ratios and targets. */
final class ExchangeVerdicts {

  static final int TARGET_RATE = 10_000;
  static final int TARGET_SECONDS = 60;
  static final double TARGET_P99_AT_1000 = 15;
  static final double TARGET_KAFKA_OVERHEAD = 5;

  private ExchangeVerdicts() {}

  static void report(BenchRun run, ExchangeReport relay, ExchangeReport direct, ProduceReport producer,
      RedisBenchmark.Result redis) {
    PrintStream out = run.out();
    out.println();
    Table table = new Table("run", "rate", "seconds", "sent/s", "acks/s", "replies/s", "ack p50", "echo p50",
        "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "dup", "sustained");
    rows(table, "relay", relay);
    rows(table, "direct", direct);
    table.print(out);
    out.println();
    Table base = new Table("baseline (same run, same broker / Redis)", "figure");
    base.row("raw producer, async, " + producer.recordBytes() + " B records",
        String.format(Locale.ROOT, "%,.0f records/s (p99 %.1f ms)", producer.async().recordsPerSecond(),
            producer.async().latency().p99()));
    producer.sync().forEach(r -> base.row("raw producer, " + r.threads() + " thread(s) waiting for each ack",
        String.format(Locale.ROOT, "%,.0f records/s (p50 %.2f ms, p99 %.2f ms)", r.recordsPerSecond(),
            r.latency().p50(), r.latency().p99())));
    redis.requestsPerSecond().forEach((cmd, rps) -> base.row("redis-benchmark " + cmd + " -P 16",
        String.format(Locale.ROOT, "%,.0f requests/s", rps)));
    if (redis.requestsPerSecond().isEmpty()) {
      base.row("redis-benchmark", redis.note());
    }
    base.print(out);
    direct.steps().stream().filter(st -> !st.sustained(ExchangeScenario.SUSTAINED_P99_MS)).findFirst()
        .ifPresent(st -> {
          String note = String.format(Locale.ROOT, "the direct relay itself was not sustained at %,d/s (p99 %.1f "
              + "ms): the machine, not only the product, is the limit there", st.rate(), st.latency().p99());
          run.json().put("note", note);
          out.println();
          out.println("Note: " + note + ".");
        });
    ratios(run, relay, direct, producer, redis);
    verdicts(run, relay, direct);
  }

  private static void rows(Table table, String name, ExchangeReport report) {
    for (StepReport s : report.steps()) {
      table.row(name, String.format(Locale.ROOT, "%,d/s", s.rate()), String.format(Locale.ROOT, "%.0f", s.seconds()),
          f0(s.sendRate()), f0(s.ackRate()), f0(s.replyRate()), f1(s.ackLatency().p50()),
          f1(s.echoLatency().p50()), f1(s.latency().p50()), f1(s.latency().p99()),
          f1(s.latency().p999()), f1(s.latency().max()), s.lost(), s.duplicated(),
          s.sustained(ExchangeScenario.SUSTAINED_P99_MS) ? "yes" : s.aborted() ? "no (aborted)" : "no");
    }
  }

  static int bestSustained(ExchangeReport report) {
    return report.steps().stream().filter(s -> s.sustained(ExchangeScenario.SUSTAINED_P99_MS))
        .mapToInt(StepReport::rate).max().orElse(0);
  }

  private static void ratios(BenchRun run, ExchangeReport relay, ExchangeReport direct, ProduceReport producer,
      RedisBenchmark.Result redis) {
    ObjectNode ratios = run.json().putObject("ratios");
    int relayBest = bestSustained(relay);
    int directBest = bestSustained(direct);
    ratios.put("bestSustainedRelay", relayBest).put("bestSustainedDirect", directBest);
    if (directBest > 0) {
      ratios.put("relayToDirectThroughput", relayBest / (double) directBest);
    }
    // Each exchange writes two records to the log: the user's message and the agent's reply.
    double peakReplies = relay.steps().stream().mapToDouble(StepReport::replyRate).max().orElse(0);
    ratios.put("logRecordsPerSecondAtPeak", peakReplies * 2);
    ratios.put("logRecordsToRawProducer", peakReplies * 2 / producer.async().recordsPerSecond());
    Double set = redis.requestsPerSecond().get("SET");
    if (set != null) {
      ratios.put("exchangesToRedisSet", peakReplies / set);
    }
    StepReport r1 = ExchangeScenario.atRate(relay, 1_000);
    StepReport d1 = ExchangeScenario.atRate(direct, 1_000);
    if (r1 != null && d1 != null) {
      ratios.put("p99At1000Relay", r1.latency().p99()).put("p99At1000Direct", d1.latency().p99())
          .put("p99At1000AddedByKafkaPath", r1.latency().p99() - d1.latency().p99())
          .put("p99At1000RelayToDirect", r1.latency().p99() / Math.max(0.001, d1.latency().p99()));
    }
    run.out().println();
    run.out().println("Ratios: " + ratios.toString());
  }

  private static void verdicts(BenchRun run, ExchangeReport relay, ExchangeReport direct) {
    StepReport top = relay.steps().stream().filter(s -> s.rate() >= TARGET_RATE).findFirst().orElse(null);
    int best = bestSustained(relay);
    String goal = "≥ 10,000 exchanges/s for 60 s, p99 ≤ 100 ms, none lost or duplicated";
    if (top == null && best < TARGET_RATE) {
      run.verdict(best == 0 ? Verdict.notMeasured(goal, "no step at 10,000/s in this mode")
          : Verdict.check(goal, String.format(Locale.ROOT, "best sustained %,d/s (no step at 10,000/s run)", best),
              false, shortfall(best, TARGET_RATE)));
    } else {
      boolean met = top != null && top.sustained(ExchangeScenario.SUSTAINED_P99_MS)
          && top.seconds() >= TARGET_SECONDS - 1;
      String measured = top == null ? "best sustained " + best + "/s" : String.format(Locale.ROOT,
          "at %,d/s: %,.0f replies/s, p99 %.1f ms, lost %d, %s%s; best sustained %,d/s", top.rate(), top.replyRate(),
          top.latency().p99(), top.lost(), top.aborted() ? "aborted after " : "", f0(top.seconds()) + " s", best);
      run.verdict(Verdict.check(goal, measured, met, shortfall(best, TARGET_RATE)));
    }
    StepReport r1 = ExchangeScenario.atRate(relay, 1_000);
    StepReport d1 = ExchangeScenario.atRate(direct, 1_000);
    if (r1 == null) {
      run.verdict(Verdict.notMeasured("p99 ≤ 15 ms at 1,000/s", "no step at 1,000/s in this mode"));
    } else {
      double p99 = r1.latency().p99();
      run.verdict(Verdict.check("p99 ≤ 15 ms at 1,000/s", f1(p99) + " ms", p99 <= TARGET_P99_AT_1000,
          String.format(Locale.ROOT, "missed by %.1f ms (%.0f%% over)", p99 - TARGET_P99_AT_1000,
              (p99 / TARGET_P99_AT_1000 - 1) * 100)));
      if (d1 != null) {
        double added = p99 - d1.latency().p99();
        run.verdict(Verdict.check("Kafka path adds ≤ 5 ms p99 over the direct relay at 1,000/s",
            String.format(Locale.ROOT, "%.1f ms (relay %.1f, direct %.1f)", added, p99, d1.latency().p99()),
            added <= TARGET_KAFKA_OVERHEAD, String.format(Locale.ROOT, "missed by %.1f ms",
                added - TARGET_KAFKA_OVERHEAD)));
      }
    }
    long lost = relay.lost();
    long dup = relay.duplicated() + relay.history().duplicates();
    run.verdict(Verdict.check("zero lost, zero duplicated (socket and stored history)",
        String.format(Locale.ROOT, "lost %d, duplicated %d (history sample of %d sessions: %d stored of %d acked, "
            + "%d duplicates)", lost, relay.duplicated(), relay.history().sessions(), relay.history().storedMessages(),
            relay.history().expected(), relay.history().duplicates()), lost == 0 && dup == 0, "lost " + lost
            + ", duplicated " + dup));
    run.json().put("lost", lost).put("duplicated", dup);
  }

  static String shortfall(double reached, double target) {
    String number = target >= 100 ? "%,.0f" : "%.2f";
    return String.format(Locale.ROOT, "reached " + number + " of " + number + " (%.0f%%), missed by %.0f%%", reached,
        target, reached / target * 100, (1 - reached / target) * 100);
  }

  static String f0(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
