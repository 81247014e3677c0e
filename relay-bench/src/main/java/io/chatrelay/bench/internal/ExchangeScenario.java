package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.ExchangePlan;
import io.chatrelay.bench.load.ExchangeReport;
import io.chatrelay.bench.load.ExchangeReport.StepReport;
import io.chatrelay.bench.load.ProducePlan;
import io.chatrelay.bench.load.ProduceReport;
import io.chatrelay.bench.load.Step;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The {@code exchange} scenario: browsers chatting with the demo agent through the product, then the same load
 * through the direct relay (the floor: no Kafka, no Redis), then the raw producer and {@code redis-benchmark} on the
 * product's own broker and Redis, all in one run so the report can give ratios.
 */
public final class ExchangeScenario {

  /** The content every benchmark message carries: about the length of a typical chat question. */
  public static final String CONTENT = "Question from a benchmark client: what does an international payment cost?";
  static final double SUSTAINED_P99_MS = 100;

  private ExchangeScenario() {}

  public static void run(BenchRun run, ProductStack stack, ExchangeSettings s) {
    LoadGenerator load = new LoadGenerator(run.workDir(), run.out());
    String runId = UUID.randomUUID().toString().substring(0, 8);
    run.put("settings", s);
    StepCpu[] cpu = new StepCpu[1];
    ExchangeReport relay = load.runWatched("exchange", plan("relay", stack.baseUrl(), s, s.warmup(), s.steps(),
        runId),
        ExchangeReport.class, timeout(s.steps()), pid -> {
          cpu[0] = new StepCpu(stack.pid(), pid);
          return cpu[0];
        });
    run.put("relay", relay);
    CpuReport.steps(run, relay, cpu[0].readings());
    ExchangeReport direct;
    try (DirectRelayProcess process = new DirectRelayProcess(stack.agentUrl(), run.workDir())) {
      direct = load.run("exchange", plan("direct", process.baseUrl(), s, s.directWarmup(), directSteps(s, relay),
          runId),
          ExchangeReport.class, timeout(s.directSteps()));
    }
    run.put("direct", direct);
    ProduceReport producer = load.run("produce", new ProducePlan(stack.bootstrapServers(), "bench-producer-" + runId,
        6, s.clients(), true, s.producerSeconds(), s.producerThreads(), s.producerSeconds(), CONTENT),
        ProduceReport.class, Duration.ofMinutes(5));
    run.put("producer", producer);
    RedisBenchmark.Result redis = RedisBenchmark.run(stack.redisPort(), s.redisRequests());
    run.put("redisBenchmark", redis);
    ExchangeVerdicts.report(run, relay, direct, producer, redis);
    LatencyChart.write(run.chartFile(), "Chat exchanges: browser → agent reply, open loop (" + run.mode().label()
        + ")", "exchanges per second (replies received)", List.of(series("relay (Kafka path)", relay),
        series("direct relay (no Kafka)", direct)), List.of(new LatencyChart.Line("100 ms target", 100),
        new LatencyChart.Line("15 ms at 1,000/s", 15)));
  }

  /** In a sweep the baseline need not go further than one step beyond where the product stopped. */
  private static List<Step> directSteps(ExchangeSettings s, ExchangeReport relay) {
    if (!s.sweep()) {
      return s.directSteps();
    }
    int reached = relay.steps().size();
    return s.directSteps().subList(0, Math.min(s.directSteps().size(), reached + 1));
  }

  private static ExchangePlan plan(String target, String baseUrl, ExchangeSettings s, Step warmup, List<Step> steps,
      String runId) {
    return new ExchangePlan(target, baseUrl, s.clients(), warmup, steps, s.drainSeconds(), 5.0, s.sweep(),
        SUSTAINED_P99_MS, s.historySample(), List.of(), runId + "-" + target.charAt(0));
  }

  private static Duration timeout(List<Step> steps) {
    long seconds = steps.stream().mapToLong(Step::seconds).sum();
    return Duration.ofSeconds(seconds * 2 + 600);
  }

  private static LatencyChart.Series series(String name, ExchangeReport report) {
    return new LatencyChart.Series(name, report.steps().stream()
        .map(st -> new LatencyChart.Point(st.replyRate(), st.latency())).toList());
  }

  static StepReport atRate(ExchangeReport report, int rate) {
    return report.steps().stream().filter(st -> st.rate() == rate).findFirst().orElse(null);
  }
}
