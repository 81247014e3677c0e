package io.chatrelay.reliability.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Chatter;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.JvmStats;
import io.chatrelay.reliability.testing.Metrics;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Steady chat for a while (25 seconds in CI, {@code -Dreliability.soak-seconds=1800} for the thirty
 * minutes): the edge and projector (this JVM) and the connector (its own) must not grow heap after GC, threads or
 * open files. The first sample is taken after a warm-up, so growth means a leak, not a first use.
 */
class SoakIT {

  private static final int CHATTERS = 8;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  private record Sample(long heapMiB, int threads, int files, double connectorThreads, int connectorFiles) {}

  @Test
  void shouldKeepHeapThreadsAndFilesFlatUnderSteadyTraffic() throws Exception {
    stack.awaitHealthy();
    int seconds = Settings.integer("soak-seconds", 15, 1800);
    String run = UUID.randomUUID().toString().substring(0, 6);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Chatter> chatters = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < CHATTERS; i++) {
      Browser browser = new Browser(stack.baseUrl());
      // Half talk to the agent directly, half through the proxy: both kinds of agent socket stay in use.
      String session = browser.openSession("soak-" + run + "-" + i, i % 2 == 0 ? ReliabilityStack.BANK
          : ReliabilityStack.PROXIED);
      Chatter chatter = new Chatter("soak-" + run + "-" + i, List.of(stack.baseUrl()), browser.cookie(), session,
          running::get, Duration.ofMillis(200));
      chatters.add(chatter);
      threads.add(new Thread(chatter, "soak-" + i));
    }
    threads.forEach(Thread::start);
    // Warm-up: every chatter has been through a few rounds before the first sample.
    await().atMost(Duration.ofSeconds(60)).until(() -> chatters.stream().allMatch(c -> c.acked().size() >= 10));
    Sample first = sample();
    List<Sample> samples = new ArrayList<>(List.of(first));
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    Duration every = Duration.ofSeconds(Math.max(1, seconds / 10));
    while (System.nanoTime() < end) {
      long next = System.nanoTime() + every.toNanos();
      await().atMost(every.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
          .until(() -> System.nanoTime() >= next);
      samples.add(sample());
    }
    running.set(false);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    Sample last = sample();
    long acked = chatters.stream().mapToLong(c -> c.acked().size()).sum();

    long peakHeap = samples.stream().mapToLong(Sample::heapMiB).max().orElse(-1);
    Figures.report("12-soak", "%d s of %d chatters (%d messages acknowledged, %d given up): this JVM heap after GC "
            + "%d -> %d MiB (peak %d), threads %d -> %d, open files %d -> %d; connector threads %.0f -> %.0f, "
            + "open files %d -> %d", seconds, CHATTERS, acked, chatters.stream().mapToLong(c -> c.gaveUp().size()).sum(),
        first.heapMiB(), last.heapMiB(), peakHeap, first.threads(), last.threads(), first.files(), last.files(),
        first.connectorThreads(), last.connectorThreads(), first.connectorFiles(), last.connectorFiles());
    assertThat(chatters).allMatch(c -> c.gaveUp().isEmpty());
    // Generous margins: these catch a leak that grows with traffic, not the noise of a busy machine.
    assertThat(last.heapMiB()).isLessThan(first.heapMiB() + 64);
    assertThat(last.threads()).isLessThanOrEqualTo(first.threads() + 8);
    assertThat(last.files()).isLessThanOrEqualTo(first.files() + 32);
    assertThat(last.connectorThreads()).isLessThanOrEqualTo(first.connectorThreads() + 8);
    assertThat(last.connectorFiles()).isLessThanOrEqualTo(first.connectorFiles() + 32);
  }

  private Sample sample() {
    String metrics = ReliabilityStack.httpBody(stack.connectorUrl("/metrics"));
    return new Sample(JvmStats.heapAfterGcMiB(), JvmStats.threads(), JvmStats.openFiles(),
        Metrics.sum(metrics, "jvm_threads_live_threads", null), JvmStats.openFiles(stack.connector().pid()));
  }
}
