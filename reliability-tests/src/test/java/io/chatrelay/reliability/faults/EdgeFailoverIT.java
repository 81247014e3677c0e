package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.UserMessage;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Chatter;
import io.chatrelay.reliability.testing.ChildJvm;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.LogDump;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.Views;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An edge instance is SIGKILLed while browsers are connected to it and chatting, and while more is said in their
 * sessions elsewhere. The browsers reconnect to the other instance with the last seq they saw; across the seam
 * every event of their session arrives exactly once, in order.
 */
class EdgeFailoverIT {

  private static final int BROWSERS = 4;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldResumeOnTheOtherEdgeWithNoGapAndNoDuplicateWhenAnEdgeIsKilled() throws Exception {
    stack.awaitHealthy();
    int port = ReliabilityStack.freePort();
    String doomed = "http://127.0.0.1:" + port;
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<Chatter> chatters = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicBoolean talking = new AtomicBoolean(true);
    try (ChildJvm edge = stack.edgeJvm("edge-b", port, Map.of()).start()) {
      List<Browser> browsers = new ArrayList<>();
      for (int i = 0; i < BROWSERS; i++) {
        Browser browser = new Browser(stack.baseUrl());
        String session = browser.openSession("failover-" + run + "-" + i, ReliabilityStack.BANK);
        browsers.add(browser);
        Chatter chatter = new Chatter("fo-" + run + "-" + i, List.of(doomed, stack.baseUrl()), browser.cookie(),
            session, talking::get, Duration.ofMillis(150));
        chatters.add(chatter);
        threads.add(BrokerCrashIT.start(session, chatter));
      }
      // Another tab keeps talking through the surviving edge, before, during and after the failover.
      Thread otherTab = BrokerCrashIT.start("other-tab", () -> {
        for (int n = 0; talking.get(); n++) {
          for (int i = 0; i < BROWSERS; i++) {
            browsers.get(i).send(chatters.get(i).sessionId(), "from the other tab " + n);
          }
          sleep(400);
        }
      });
      // Browsers talking on the doomed edge, then killed under them, then talking on the other one.
      await().atMost(Duration.ofSeconds(60)).until(() -> chatters.stream().allMatch(c -> c.acked().size() >= 5));
      List<Integer> ackedBefore = chatters.stream().map(c -> c.acked().size()).toList();
      edge.kill();
      long killed = System.nanoTime();
      await().atMost(Duration.ofSeconds(90)).until(() -> java.util.stream.IntStream.range(0, BROWSERS)
          .allMatch(i -> chatters.get(i).acked().size() >= ackedBefore.get(i) + 5));
      talking.set(false);
      otherTab.join(30_000);
      for (Thread thread : threads) {
        thread.join(60_000);
      }
      long resumedMillis = Figures.millisSince(killed);
      Views.awaitQuietAndCaughtUp(stack, Duration.ofSeconds(60));

      LogDump log = LogDump.read(stack.bootstrapServers());
      int frames = 0;
      List<String> problems = new ArrayList<>();
      for (Chatter chatter : chatters) {
        List<Long> seen = chatter.events().stream().map(f -> f.path("seq").asLong()).toList();
        frames += seen.size();
        for (int i = 1; i < seen.size(); i++) {
          if (seen.get(i) <= seen.get(i - 1)) {
            problems.add(chatter.sessionId() + ": seq " + seen.get(i) + " after " + seen.get(i - 1));
          }
        }
        Set<Long> expected = shownEvents(log.session(chatter.sessionId()), seen.get(0), seen.get(seen.size() - 1));
        Set<Long> missing = new HashSet<>(expected);
        missing.removeAll(seen);
        Set<Long> extra = new HashSet<>(seen);
        extra.removeAll(expected);
        if (!missing.isEmpty() || !extra.isEmpty()) {
          problems.add(chatter.sessionId() + ": missing " + missing + ", not in the log " + extra);
        }
      }
      int reconnects = chatters.stream().mapToInt(Chatter::reconnects).sum();
      Figures.report("8-edge-kill", "%d browsers on the killed edge reconnected to the other one (%d reconnects), "
              + "%d event frames received, %d gaps or duplicates; %d messages acknowledged, %d given up",
          BROWSERS, reconnects, frames, problems.size(), chatters.stream().mapToInt(c -> c.acked().size()).sum(),
          chatters.stream().mapToInt(c -> c.gaveUp().size()).sum());
      assertThat(problems).isEmpty();
      assertThat(chatters).allMatch(c -> c.reconnects() >= 1 && c.gaveUp().isEmpty());
      assertThat(resumedMillis).isPositive();
      Figures.report("8-edge-kill-resumed", "all %d browsers acknowledged again on the other edge %d ms after the kill "
          + "(measured when talking stopped)", BROWSERS, resumedMillis);
    }
    stack.awaitHealthy();
  }

  /**
   * The seqs a browser following the session from {@code first} to {@code last} must see: every message, the first
   * answer to each, and the statuses, as the live frames show them.
   */
  private static Set<Long> shownEvents(List<LogDump.Entry> session, long first, long last) {
    Set<Long> out = new HashSet<>();
    Set<UUID> answered = new HashSet<>();
    for (LogDump.Entry entry : session) {
      ChatEvent event = entry.event();
      UUID inReplyTo = event instanceof AgentReply r ? r.inReplyTo() : event instanceof AgentError e ? e.inReplyTo()
          : null;
      boolean shown = event instanceof UserMessage || event instanceof AgentStatus
          || (inReplyTo == null && event instanceof AgentError) || (inReplyTo != null && answered.add(inReplyTo));
      if (shown && entry.offset() >= first && entry.offset() <= last) {
        out.add(entry.offset());
      }
    }
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
