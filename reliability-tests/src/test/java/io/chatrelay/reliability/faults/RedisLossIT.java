package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Chatter;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.ViewDump;
import io.chatrelay.reliability.testing.Views;
import io.chatrelay.views.ViewKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis is SIGKILLed while people chat and comes back empty (it keeps nothing on disk). The views are only a
 * projection of the log, so they must come back by themselves, equal key for key to a rebuild from Kafka.
 */
class RedisLossIT {

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldRebuildTheViewsFromTheLogWhenRedisComesBackEmpty() throws Exception {
    stack.awaitHealthy();
    String run = UUID.randomUUID().toString().substring(0, 6);
    Browser before = new Browser(stack.baseUrl());
    String earlier = before.openSession("redis-loss-" + run, ReliabilityStack.BANK);
    assertThat(before.send(earlier, "Said before Redis was lost").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> before.history(earlier).size() == 2);

    List<Chatter> chatters = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Browser browser = new Browser(stack.baseUrl());
      String session = browser.openSession("redis-chat-" + run + "-" + i, ReliabilityStack.BANK);
      Chatter chatter = new Chatter("redis-" + run + "-" + i, List.of(stack.baseUrl()), browser.cookie(), session,
          () -> true, Duration.ofMillis(100));
      chatters.add(chatter);
      threads.add(BrokerCrashIT.start(session, chatter));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> chatters.stream().allMatch(c -> c.acked().size() >= 3));
    stack.redis().kill();
    Thread.sleep(500);
    stack.redis().restart();
    long restarted = System.nanoTime();
    // Traffic goes on into the empty Redis until every chatter was acknowledged a few more times.
    List<Integer> ackedBefore = chatters.stream().map(c -> c.acked().size()).toList();
    await().atMost(Duration.ofSeconds(60)).until(() -> java.util.stream.IntStream.range(0, chatters.size())
        .allMatch(i -> chatters.get(i).acked().size() >= ackedBefore.get(i) + 5));
    chatters.forEach(Chatter::stop);
    for (Thread thread : threads) {
      thread.join(30_000);
    }

    long caughtUp = Views.awaitQuietAndCaughtUp(stack, Duration.ofSeconds(60));
    ViewKeys rebuilt = new ViewKeys("rebuild-" + run + ":");
    Map<String, String> expected;
    Map<String, String> live;
    List<String> differing = List.of();
    // The projector may still be replaying when the positions say it is through: give it a moment to agree.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Views.rebuild(stack.bootstrapServers(), stack.redisUrl(), rebuilt);
    expected = ViewDump.of(stack.redisUrl(), rebuilt);
    do {
      live = ViewDump.of(stack.redisUrl(), stack.viewKeys());
      differing = ViewDump.differences(expected, live);
      if (!differing.isEmpty()) {
        Thread.sleep(500);
      }
    } while (!differing.isEmpty() && System.nanoTime() < deadline);
    long recovered = Figures.millisSince(restarted);

    Figures.report("6-redis-lost", "Redis SIGKILLed and restarted empty during traffic (%d messages acknowledged); "
            + "%d view keys compared with a rebuild from Kafka, %d differ; views whole %d ms after the restart "
            + "(log quiet and applied after %d ms)", chatters.stream().mapToInt(c -> c.acked().size()).sum(),
        expected.size(), differing.size(), recovered, caughtUp);
    assertThat(differing).as("view keys that differ from a rebuild").isEmpty();
    // The list of sign-outs was lost with the rest: a sign-in from before the loss is refused, not trusted.
    assertThat(before.get("/api/v1/sessions").status()).isEqualTo(401);
    Browser again = new Browser(stack.baseUrl());
    assertThat(again.postForm("/sign-in", "userId=redis-loss-" + run).status()).isEqualTo(303);
    assertThat(again.history(earlier)).hasSize(2);
    assertThat(again.get("/api/v1/sessions").body()).contains(earlier);
    stack.awaitHealthy();
  }
}
