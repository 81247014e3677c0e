package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.Percentiles;
import io.chatrelay.bench.load.StreamsPlan;
import io.chatrelay.bench.load.StreamsReport;
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
 * The {@code streams} task: every client asks for a long answer once per period, open loop (each question's
 * latencies run from the moment it was due, so a sender held up by a slow system charges the wait to the system).
 * A warm-up and a measured phase ask for streamed answers ({@code /stream N}); the baseline phase asks for the same
 * answers whole ({@code /long N}: the same text, at the moment the stream would have ended), on the same sockets.
 */
public final class StreamsRun {

  static final String QUESTION = "from a benchmark client: what does an international payment cost?";

  private final StreamsPlan plan;
  private final PrintStream out;
  private final StreamLedger ledger = new StreamLedger();
  private long sequence;

  public StreamsRun(StreamsPlan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
  }

  private record Phase(String name, boolean streamed, int seconds, boolean measured) {}

  public StreamsReport run() throws InterruptedException {
    long setupStart = System.nanoTime();
    // The warm-up asks for both kinds of answer, so that neither measured phase pays for the other's compilation.
    List<Phase> phases = List.of(new Phase("warm-up", true, plan.warmupSeconds(), false),
        new Phase("streamed", true, plan.seconds(), true), new Phase("whole", false, plan.seconds(), true));
    try (Sockets sockets = new Sockets(2, List.of());
         Clients clients = Clients.open("streams", plan.baseUrl(), true, plan.clients(), plan.runId(), sockets, ledger,
             ledger.sendFailures, out)) {
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
      });
      List<StreamLedger.Tally> tallies = new ArrayList<>();
      List<Sent> sent = new ArrayList<>();
      try {
        // One phase follows the next without a pause, as open-loop load does: the previous phase's last answers
        // finish during the next one's settle time, before its steady state is measured.
        for (int i = 0; i < phases.size(); i++) {
          tallies.add(new StreamLedger.Tally());
          sent.add(send(i, phases.get(i), tallies.get(i), clients, ticker));
        }
        drain(tallies);
      } finally {
        ticker.shutdownNow();
      }
      StreamLedger.Tally warmup = tallies.get(0);
      out.printf(Locale.ROOT, "streams: warm-up: %,d answers, %,d lost, %,d not matching%n", warmup.answered.sum(),
          ledger.unanswered(warmup), warmup.mismatched.sum());
      List<StreamsReport.Phase> reports = new ArrayList<>();
      for (int i = 0; i < phases.size(); i++) {
        if (phases.get(i).measured()) {
          reports.add(report(phases.get(i), tallies.get(i), sent.get(i)));
        }
      }
      return new StreamsReport(clients.size(), plan.tokens(), plan.periodMillis(), setupSeconds, reports,
          ledger.unmatched.sum(), ledger.socketsClosed.sum(), ledger.sendFailures.sum(),
          ledger.firstMismatch);
    }
  }

  private record Sent(double seconds, double windowSeconds, double loadAverage) {}

  /** Sends one phase's questions on time; marks its steady state for the CPU readings ({@code @step N ...}). */
  private Sent send(int index, Phase phase, StreamLedger.Tally tally, Clients clients,
      ScheduledExecutorService ticker) {
    long total = Math.round(phase.seconds() * plan.rate());
    long periodNanos = Math.round(1e9 / plan.rate());
    long settleNanos = TimeUnit.SECONDS.toNanos(phase.measured() ? plan.settleSeconds() : 0);
    out.printf(Locale.ROOT, "streams: %s, %s answers of %d words, %,.1f questions/s for %d s%n", phase.name(),
        !phase.measured() ? "streamed and whole" : phase.streamed() ? "streamed" : "whole", plan.tokens(),
        plan.rate(), phase.seconds());
    var tick = ticker.scheduleAtFixedRate(() -> progress(phase.name(), tally), 1, 1, TimeUnit.SECONDS);
    long start = System.nanoTime();
    long windowStart = 0;
    for (long i = 0; i < total; i++) {
      long due = start + i * periodNanos;
      if (phase.measured() && windowStart == 0 && due - start >= settleNanos) {
        awaitNanos(due);
        windowStart = System.nanoTime();
        ledger.measuring(true);
        out.println("@step " + index + " start");
      }
      awaitNanos(due);
      long n = sequence++;
      int client = (int) (n % clients.size());
      boolean streamed = phase.measured() ? phase.streamed() : (i & 1) == 0;
      String command = (streamed ? "/stream " : "/long ") + plan.tokens();
      clients.socket(client).send(ledger.register(plan.runId() + "-" + n, tally, streamed, due,
          command + " Question " + n + " " + QUESTION));
    }
    // The last question's period: the window ends when the next one would have been due.
    awaitNanos(start + total * periodNanos);
    long end = System.nanoTime();
    ledger.measuring(false);
    if (windowStart != 0) {
      out.println("@step " + index + " end " + tally.windowAnswers.sum());
    }
    tick.cancel(false);
    return new Sent((end - start) / 1e9, windowStart == 0 ? 0 : (end - windowStart) / 1e9, LoadAverage.now());
  }

  private static void awaitNanos(long due) {
    long wait = due - System.nanoTime();
    if (wait > 20_000) {
      LockSupport.parkNanos(wait);
    }
  }

  private StreamsReport.Phase report(Phase phase, StreamLedger.Tally t, Sent sent) {
    double window = Math.max(1e-3, sent.windowSeconds());
    long answered = t.answered.sum();
    Percentiles completion = t.completion();
    double answersPerSecond = t.windowAnswers.sum() / window;
    return new StreamsReport.Phase(phase.name(), phase.streamed(), plan.rate(), sent.seconds(), sent.windowSeconds(),
        t.sent.sum(), t.acked.sum(), answered, t.agentErrors.sum(), t.refused.sum(), ledger.unanswered(t),
        t.matched.sum(), t.completeInDeltas.sum(), t.mismatched.sum(), t.duplicatedDeltas.sum(), t.lateDeltas.sum(),
        t.unexpectedDeltas.sum(),
        t.duplicatedAnswers.sum(), t.deltas.sum(), t.windowDeltas.sum(), t.windowAnswers.sum(),
        t.windowDeltas.sum() / window, answersPerSecond, answered == 0 ? 0 : t.deltas.sum() / (double) answered,
        t.answerChars.sum() == 0 ? 0 : t.deltaChars.sum() / (double) t.answerChars.sum(),
        t.firstToken(), completion, answersPerSecond * completion.mean() / 1000,
        perQuestion(t.downBytes.sum(), t), perQuestion(t.upBytes.sum(), t), sent.loadAverage());
  }

  private static double perQuestion(long bytes, StreamLedger.Tally t) {
    long sent = t.sent.sum();
    return sent == 0 ? 0 : bytes / (double) sent;
  }

  /** Waits for the phase's last answers: while frames keep coming, but no longer than the drain period after that. */
  private void drain(List<StreamLedger.Tally> tallies) throws InterruptedException {
    long quietLimit = TimeUnit.SECONDS.toNanos(plan.drainSeconds());
    long hardLimit = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long drainStart = System.nanoTime();
    long lastReport = System.nanoTime();
    while (outstanding(tallies) > 0 && System.nanoTime() < hardLimit) {
      if (System.nanoTime() - Math.max(ledger.lastFrameNanos(), drainStart) > quietLimit) {
        break;
      }
      if (System.nanoTime() - lastReport > 1_000_000_000L) {
        out.printf(Locale.ROOT, "streams: draining, %,d answers still to finish%n", outstanding(tallies));
        lastReport = System.nanoTime();
      }
      Thread.sleep(50);
    }
  }

  private static long outstanding(List<StreamLedger.Tally> tallies) {
    return tallies.stream().mapToLong(StreamLedger.Tally::outstanding).sum();
  }

  private void progress(String name, StreamLedger.Tally tally) {
    Histogram h = ledger.takeInterval();
    out.printf(Locale.ROOT, "streams: %s | deltas %,d/s | first tokens %,d/s, p50 %.1f ms p99 %.1f ms max %.1f ms"
            + " | answers %,d | in flight %,d | lost-sockets %,d%n", name, ledger.takeIntervalDeltas(),
        h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0, tally.answered.sum(), tally.outstanding(), ledger.socketsClosed.sum());
  }
}
