package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.RedisCluster;
import io.chatrelay.projector.SessionProjector;
import io.chatrelay.reliability.testing.AckAudit;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.ChildJvm;
import io.chatrelay.reliability.testing.Chatter;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.LogDump;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.Settings;
import io.chatrelay.views.ViewKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The product scaled out as an operator would run it: three brokers, a Redis Cluster of three masters with a replica
 * each, and two of every service (edges, connectors, projectors), browsers spread over both edges. While they chat,
 * the Redis master that holds the positions of the views (and the channel that announces them) is SIGKILLed; its
 * replica takes over. Every acknowledged message must be in the log once; every history, read from the views on the
 * cluster, must show each message once with exactly one answer; and no client may give up: whatever failed during
 * the failover was retried within the client's patience.
 */
class RedisClusterFailoverIT {

  private static final String TEST = "29-redis-cluster-failover";
  private static final int SOCKET_CLIENTS = 6;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(2);

  @Test
  void shouldServeEveryAcknowledgedMessageOnceWithOneAnswerWhenARedisMasterIsKilled() throws Exception {
    try (ReliabilityStack stack = ReliabilityStack.onClusters(3);
        EdgeService secondEdge = stack.startEdge(Map.of());
        SessionProjector secondProjector = stack.newProjector(Map.of());
        ChildJvm secondConnector = secondConnector(stack)) {
      stack.awaitHealthy();
      List<String> edges = List.of(stack.baseUrl(), secondEdge.baseUri().toString().replaceAll("/$", ""));
      int total = Settings.integer("redis-cluster-failover.messages", 120, 10_000);
      BrokerClusterCrashIT.Gate gate = new BrokerClusterCrashIT.Gate();
      String run = UUID.randomUUID().toString().substring(0, 6);
      Map<String, Browser> browsers = new LinkedHashMap<>();
      List<Chatter> chatters = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < SOCKET_CLIENTS; i++) {
        // Each client starts on one edge and falls back to the other: both edges serve sockets and histories.
        List<String> order = i % 2 == 0 ? edges : List.of(edges.get(1), edges.get(0));
        Browser browser = new Browser(order.get(0));
        String session = browser.openSession("rc-" + run + "-" + i, ReliabilityStack.BANK);
        browsers.put(session, browser);
        Chatter chatter = new Chatter("rc" + i + "-" + run, order, browser.cookie(), session, gate, Duration.ZERO);
        chatters.add(chatter);
        threads.add(BrokerCrashIT.start(session, chatter));
      }

      RedisCluster redis = stack.redisCluster();
      int half = total / 2;
      gate.open(half);
      await().atMost(PHASE_TIMEOUT).until(() -> acks(chatters) >= half);
      int victim = redis.masterOf(ViewKeys.defaults().positions());
      long killedAt = System.nanoTime();
      redis.kill(victim);
      gate.open(total - half);
      redis.awaitFailover(victim, Duration.ofSeconds(60));
      long failoverMillis = Figures.millisSince(killedAt);
      await().atMost(PHASE_TIMEOUT).until(() -> acks(chatters) >= total);
      gate.close();
      for (Thread thread : threads) {
        thread.join(PHASE_TIMEOUT.toMillis());
      }

      List<Chatter.Acked> acked = chatters.stream().flatMap(c -> c.acked().stream())
          .sorted(Comparator.comparingLong(Chatter.Acked::atNanos)).toList();
      LogDump log = LogDump.read(stack.bootstrapServers());
      AckAudit audit = AckAudit.of(log, browsers.keySet(),
          acked.stream().collect(Collectors.toMap(Chatter.Acked::content, Chatter.Acked::seq)));
      Map<String, Integer> answers = AckAudit.visibleAnswers(browsers, audit.stored());
      Map<String, List<String>> shown = new HashMap<>();
      browsers.forEach((session, browser) -> shown.put(session, userMessages(browser.fullHistory(session))));
      Map<String, List<String>> logged = browsers.keySet().stream().collect(Collectors.toMap(s -> s,
          s -> log.matching(e -> e instanceof UserMessage && e.sessionId().equals(s)).stream()
              .sorted(Comparator.comparingLong(LogDump.Entry::offset))
              .map(e -> ((UserMessage) e.event()).content()).toList()));

      long maxGap = maxGapAfter(acked, killedAt);
      Figures.report(TEST, "%d acknowledged, %d before the kill of master %d (it held the views' positions); "
          + "replica promoted and cluster healthy again %d ms after the kill; longest wait between acknowledgements after it %d ms; "
          + "%d errors seen by clients, %d reconnects; 2 edges, 2 projectors, 2 connectors, 3 brokers; "
          + "per master at the end (keys, and commands since the node started): %s",
          acked.size(), half, victim, failoverMillis, maxGap,
          chatters.stream().mapToInt(Chatter::errors).sum(), chatters.stream().mapToInt(Chatter::reconnects).sum(),
          redis.perMaster());
      SoftAssertions.assertSoftly(softly -> {
        audit.assertKept(softly, chatters, total, answers);
        softly.assertThat(shown).as("each history, from the views, against the log").isEqualTo(logged);
      });
    }
  }

  private static ChildJvm secondConnector(ReliabilityStack stack) {
    Map<String, String> env = new HashMap<>(stack.connectorEnvironment());
    env.put("CONNECTOR_OPS_PORT", Integer.toString(ReliabilityStack.freePort()));
    env.put("CONNECTOR_INSTANCE_ID", "connector-2");
    return stack.connectorJvm("connector-2", env).start();
  }

  private static List<String> userMessages(List<JsonNode> history) {
    return history.stream().filter(m -> "user".equals(m.path("role").asText())).map(m -> m.path("content").asText())
        .toList();
  }

  private static int acks(List<Chatter> chatters) {
    return chatters.stream().mapToInt(c -> c.acked().size()).sum();
  }

  /** The longest time clients went without any acknowledgement, from the kill on. */
  private static long maxGapAfter(List<Chatter.Acked> acked, long killedAt) {
    long previous = killedAt;
    long max = 0;
    for (Chatter.Acked a : acked) {
      if (a.atNanos() >= killedAt) {
        max = Math.max(max, a.atNanos() - previous);
        previous = a.atNanos();
      }
    }
    return max / 1_000_000;
  }
}
