package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.ExchangePlan;
import io.chatrelay.bench.load.ExchangeReport;
import io.chatrelay.bench.load.ExchangeReport.StepReport;
import io.chatrelay.bench.load.Step;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The {@code exchange} task: N clients, each in its own session, send messages open-loop at a total rate that
 * steps up; every message's latency runs from the moment it was due, so a sender held up by a slow system still
 * charges the wait to the system (no coordinated omission).
 */
public final class ExchangeRun {

  /** Seconds' worth of messages the warm-up lets wait for replies before it gives up. */
  static final double WARM_UP_BACKLOG_SECONDS = 30;

  private final ExchangePlan plan;
  private final PrintStream out;
  private final List<Step> steps = new ArrayList<>();
  private final Ledger ledger;
  private long sequence;

  public ExchangeRun(ExchangePlan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
    // A warm-up faster than the first step would leave it a backlog to start with.
    int firstRate = plan.steps().isEmpty() ? plan.warmup().rate() : plan.steps().get(0).rate();
    steps.add(new Step(Math.min(plan.warmup().rate(), firstRate), plan.warmup().seconds()));
    steps.addAll(plan.steps());
    this.ledger = new Ledger(steps.size(), plan.clients());
  }

  public ExchangeReport run() throws InterruptedException {
    long setupStart = System.nanoTime();
    try (Sockets sockets = new Sockets(2, plan.bindAddresses());
         Clients clients = Clients.open(plan, sockets, ledger, out)) {
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
      List<StepReport> reports = new ArrayList<>();
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
      });
      try {
        for (int i = 0; i < steps.size(); i++) {
          drain();
          StepReport report = runStep(i, clients, ticker);
          if (i > 0) {
            reports.add(report);
            if (plan.stopAfterUnsustained() && !report.sustained(plan.sustainedP99Millis())) {
              out.printf(Locale.ROOT, "step %d/s not sustained: stopping here%n", report.rate());
              break;
            }
          }
        }
        drain();
      } finally {
        ticker.shutdownNow();
      }
      List<StepReport> finalReports = new ArrayList<>();
      for (int i = 0; i < reports.size(); i++) {
        finalReports.add(settle(reports.get(i), i + 1));
      }
      ExchangeReport.HistoryCheck history = plan.product()
          ? new HistoryAudit(clients, ledger, plan.historySample(), out).run() : ExchangeReport.HistoryCheck.NONE;
      long lost = 0;
      for (int i = 0; i < steps.size(); i++) {
        lost += ledger.unanswered(i);
      }
      return new ExchangeReport(plan.target(), clients.size(), setupSeconds, finalReports, ledger.sent.sum(),
          ledger.acked.sum(), ledger.replied.sum(), ledger.agentErrors.sum(), ledger.refused.sum(), lost,
          ledger.duplicated.sum(), ledger.unmatched.sum(), ledger.socketsClosed.sum(), history);
    }
  }

  private StepReport runStep(int index, Clients clients, ScheduledExecutorService ticker) {
    Step step = steps.get(index);
    String name = index == 0 ? "warm-up" : "step " + index + "/" + (steps.size() - 1);
    out.printf(Locale.ROOT, "%s: %s at %,d msg/s for %d s%n", plan.target(), name, step.rate(), step.seconds());
    long repliedBefore = ledger.replied.sum() + ledger.agentErrors.sum();
    long ackedBefore = ledger.acked.sum();
    long periodNanos = 1_000_000_000L / step.rate();
    long total = (long) step.rate() * step.seconds();
    // Only this step's own backlog counts: what an earlier step left behind was waited for already. The warm-up
    // tolerates more: a product that has just started opens an agent socket per session on its first messages.
    double backlogSeconds = index == 0 ? Math.max(plan.abortBacklogSeconds(), WARM_UP_BACKLOG_SECONDS)
        : plan.abortBacklogSeconds();
    long maxBacklog = ledger.outstanding() + (long) Math.max(100, step.rate() * backlogSeconds);
    // For the benchmark, which reads the product's CPU time at both ends of every measured step.
    out.println("@step " + index + " start");
    long start = System.nanoTime();
    var tick = ticker.scheduleAtFixedRate(() -> progress(name, step), 1, 1, TimeUnit.SECONDS);
    boolean aborted = false;
    long i = 0;
    for (; i < total; i++) {
      long due = start + i * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 20_000) {
        LockSupport.parkNanos(wait);
      }
      if ((i & 255) == 0 && ledger.outstanding() > maxBacklog) {
        aborted = true;
        out.printf(Locale.ROOT, "%s: %s aborted after %.1f s: %,d messages waiting for a reply%n", plan.target(),
            name, (System.nanoTime() - start) / 1e9, ledger.outstanding());
        break;
      }
      send(clients, index, due);
    }
    tick.cancel(false);
    double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    long replied = ledger.replied.sum() + ledger.agentErrors.sum() - repliedBefore;
    out.println("@step " + index + " end " + replied);
    long acked = ledger.acked.sum() - ackedBefore;
    return new StepReport(step.rate(), seconds, aborted, i, acked, replied, 0, 0, i / seconds, acked / seconds,
        replied / seconds, ledger.ackLatency(index), ledger.echoLatency(index), ledger.latency(index),
        LoadAverage.now());
  }

  private void send(Clients clients, int stepIndex, long due) {
    long n = sequence++;
    int client = (int) (n % clients.size());
    BrowserSocket socket = clients.socket(client);
    String clientId = plan.runId() + "-" + n;
    String frame = ledger.register(clientId, client, stepIndex, due,
        "Question " + n + " from a benchmark client: what does an international payment cost?");
    socket.send(frame);
  }

  /** A step's latency and losses as they stand after the drain: late replies of the step counted too. */
  private StepReport settle(StepReport r, int index) {
    return new StepReport(r.rate(), r.seconds(), r.aborted(), r.sent(), r.acked(), r.replied(),
        ledger.unanswered(index), ledger.duplicated(index), r.sendRate(), r.ackRate(), r.replyRate(),
        ledger.ackLatency(index), ledger.echoLatency(index), ledger.latency(index), r.loadAverage());
  }

  /** Waits for the last replies: as long as replies keep coming, but no longer than the drain period after that. */
  private void drain() throws InterruptedException {
    long quietLimit = TimeUnit.SECONDS.toNanos(plan.drainSeconds());
    long hardLimit = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long drainStart = System.nanoTime();
    long lastReport = 0;
    while (ledger.outstanding() > 0 && System.nanoTime() < hardLimit) {
      long quietFor = System.nanoTime() - Math.max(ledger.lastReplyNanos(), drainStart);
      if (quietFor > quietLimit) {
        break;
      }
      if (System.nanoTime() - lastReport > 1_000_000_000L) {
        out.printf(Locale.ROOT, "%s: draining, %,d messages still without a reply%n", plan.target(),
            ledger.outstanding());
        lastReport = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }

  private void progress(String name, Step step) {
    Histogram h = ledger.takeInterval();
    out.printf(Locale.ROOT, "%s: %s %,d/s | replies %,d/s | p50 %.1f ms p99 %.1f ms max %.1f ms | waiting %,d"
            + " | refused %,d lost-sockets %,d%n", plan.target(), name, step.rate(), h.getTotalCount(),
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
        ledger.outstanding(), ledger.refused.sum(), ledger.socketsClosed.sum());
  }
}
