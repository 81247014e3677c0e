package io.chatrelay.reliability.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Twenty people chat at a human pace while one client fires a thousand messages a second. The flooder is held to
 * the per-user rate and told so with a clear error frame (and 429 with Retry-After over REST); the others keep
 * being served. Their latency is reported, before and during the flood, not asserted.
 */
class FlooderIT {

  private static final int PEOPLE = 20;
  private static final double RATE = 5;
  private static final int BURST = 20;
  private static final Duration PHASE = Duration.ofSeconds(4);

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldThrottleTheFlooderAtTheConfiguredRateWhileOthersAreStillServed() throws Exception {
    stack.awaitHealthy();
    String run = UUID.randomUUID().toString().substring(0, 6);
    try (EdgeService edge = stack.startEdge(Map.of("RATE_LIMIT_MESSAGES_PER_SECOND", Double.toString(RATE),
        "RATE_LIMIT_BURST", Integer.toString(BURST)))) {
      String base = edge.baseUri().toString().replaceAll("/$", "");
      List<LiveSocket> people = new ArrayList<>();
      for (int i = 0; i < PEOPLE; i++) {
        Browser browser = new Browser(base);
        String session = browser.openSession("person-" + run + "-" + i, ReliabilityStack.BANK);
        people.add(LiveSocket.open(base, session, browser.cookie()));
      }
      Browser flooderBrowser = new Browser(base);
      String flooderSession = flooderBrowser.openSession("flooder-" + run, ReliabilityStack.BANK);
      try (LiveSocket flooder = LiveSocket.open(base, flooderSession, flooderBrowser.cookie())) {
        List<Long> before = chat(people, "calm", PHASE);

        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        long floodStart = System.nanoTime();
        Thread flood = new Thread(() -> {
          long next = System.nanoTime();
          while (flooding.get()) {
            flooder.sendRaw("{\"id\":\"f-" + sent.incrementAndGet() + "\",\"type\":\"message\",\"content\":\"flood\"}");
            next += 1_000_000; // a thousand a second
            long wait = next - System.nanoTime();
            if (wait > 0) {
              java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
          }
        }, "flooder");
        flood.start();
        List<Long> during = chat(people, "busy", PHASE);
        flooding.set(false);
        flood.join();
        double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
        await().atMost(Duration.ofSeconds(30)).until(() -> flooder.received().stream()
            .filter(f -> f.path("id").asText().startsWith("f-")).count() >= sent.get());
        List<JsonNode> answers = flooder.received().stream().filter(f -> f.path("id").asText().startsWith("f-"))
            .toList();
        long accepted = answers.stream().filter(f -> "ack".equals(f.path("type").asText())).count();
        List<JsonNode> limited = answers.stream().filter(f -> "rate_limited".equals(f.path("code").asText()))
            .toList();
        long limit = BURST + Math.round(RATE * floodSeconds);
        // Over REST the same user's bucket is the same: a burst of posts runs into 429.
        Browser.Answer rest = null;
        int restSent = 0;
        while (restSent < BURST + 10 && (rest == null || rest.status() == 200)) {
          rest = flooderBrowser.send(flooderSession, "more over REST " + restSent++);
        }

        Figures.report("9-flooder", "flooder sent %d frames in %.1f s: %d accepted (limit %d = burst %d + %.0f/s), %d "
                + "refused as rate_limited, REST %d with Retry-After %s after %d posts; %d others' ack p50/p99 %d/%d "
                + "ms before, %d/%d ms during the flood", sent.get(), floodSeconds, accepted, limit, BURST, RATE, limited.size(),
            rest.status(), rest.header("Retry-After"), restSent, PEOPLE, percentile(before, 50), percentile(before, 99),
            percentile(during, 50), percentile(during, 99));
        assertThat(accepted).isLessThanOrEqualTo(limit + 2).isGreaterThanOrEqualTo(BURST);
        assertThat(limited).isNotEmpty().allMatch(f -> f.path("retryAfter").asLong() >= 1);
        assertThat(accepted + limited.size()).as("every frame answered").isEqualTo(sent.get());
        assertThat(rest.status()).isEqualTo(429);
        assertThat(rest.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(during).as("everyone else was served during the flood").hasSize(before.size());
      } finally {
        people.forEach(LiveSocket::close);
      }
    }
  }

  /** Each person sends one message a second for {@code phase}; returns the send-to-ack latencies in ms. */
  private static List<Long> chat(List<LiveSocket> people, String label, Duration phase) throws InterruptedException {
    List<Long> latencies = new CopyOnWriteArrayList<>();
    List<String> refused = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    int rounds = (int) phase.toSeconds();
    for (int i = 0; i < people.size(); i++) {
      LiveSocket person = people.get(i);
      String name = label + "-" + i;
      Thread thread = new Thread(() -> {
        for (int round = 0; round < rounds; round++) {
          long start = System.nanoTime();
          String id = name + "-" + round;
          person.sendMessage(id, "Just a question, number " + round);
          JsonNode answer = person.next(LiveSocket.answerTo(id), Duration.ofSeconds(30));
          if ("ack".equals(answer.path("type").asText())) {
            latencies.add((System.nanoTime() - start) / 1_000_000);
          } else {
            refused.add(id + " " + answer);
          }
          long left = 1_000 - (System.nanoTime() - start) / 1_000_000;
          if (left > 0) {
            try {
              Thread.sleep(left);
            } catch (InterruptedException e) {
              return;
            }
          }
        }
      }, name);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(refused).as("no ordinary person was refused").isEmpty();
    return latencies;
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
  }
}
