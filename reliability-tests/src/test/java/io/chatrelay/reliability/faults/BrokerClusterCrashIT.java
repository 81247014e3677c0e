package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.KafkaCluster;
import io.chatrelay.infra.RedisCluster;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.projector.SessionProjector;
import io.chatrelay.reliability.testing.AckAudit;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Chatter;
import io.chatrelay.reliability.testing.ChildJvm;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.LogDump;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.Settings;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.SessionLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The product scaled out as an operator runs it: three brokers, where it lays out {@code chat-messages} with three
 * replicas and {@code min.insync.replicas=2}; a Redis Cluster of three masters with a replica each; two of every
 * service (edges, connectors, projectors), browsers spread over both edges. While they chat over WebSockets, the
 * broker leading one chatting session's partition is SIGKILLed, left down while the chat goes on, and restarted while
 * it still goes on; then the Redis master holding the views' positions (and the channel announcing them) is
 * SIGKILLed and its replica takes over. What a client was told is stored must be in the log exactly once, at the seq
 * it was told, with exactly one visible answer; with two replicas of every partition left, every session must be
 * served again without the dead broker; and every history, read from the views on the cluster, must be the log's.
 */
class BrokerClusterCrashIT {

  private static final String TEST = "27-broker-cluster-kill";
  private static final int BROKERS = 3;
  private static final int SOCKET_CLIENTS = 6;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(2);
  private static final String TOPIC = Topics.CHAT_MESSAGES.name();

  /** Where the chat stood at each step: nanoTime readings, and which partitions each broker led. */
  private record Timeline(int victim, boolean victimWasController, long killedAt, long restartedAt,
      long isrWholeMillis, Map<Integer, Long> leadersBefore, Map<Integer, Long> leadersDown,
      Map<Integer, Long> leadersAfter) {}

  /** The Redis failover: which master died, when, and how long until its replica served its slots. */
  private record RedisFailover(int master, long killedAt, long failoverMillis) {}

  @Test
  void shouldKeepEveryAcknowledgedMessageOnceWithOneAnswerWhenABrokerAndThenARedisMasterAreKilled()
      throws Exception {
    try (ReliabilityStack stack = ReliabilityStack.onClusters(BROKERS);
        EdgeService secondEdge = stack.startEdge(Map.of());
        SessionProjector secondProjector = stack.newProjector(Map.of());
        ChildJvm secondConnector = secondConnector(stack);
        Admin admin = Admin.create(KafkaSettings.of(stack.bootstrapServers()).admin("broker-cluster-crash"))) {
      stack.awaitHealthy();
      assertLaidOutByTheProduct(admin);
      List<String> edges = List.of(stack.baseUrl(), secondEdge.baseUri().toString().replaceAll("/$", ""));
      int total = Settings.integer("broker-cluster-crash.messages", 160, 10_000);
      Gate gate = new Gate();
      String run = UUID.randomUUID().toString().substring(0, 6);
      Map<String, Browser> browsers = new HashMap<>();
      List<Chatter> chatters = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < SOCKET_CLIENTS; i++) {
        // Each client starts on one edge and falls back to the other: both edges serve sockets and histories.
        List<String> order = i % 2 == 0 ? edges : List.of(edges.get(1), edges.get(0));
        Browser browser = new Browser(order.get(0));
        String session = browser.openSession("cluster-ws-" + run + "-" + i, ReliabilityStack.BANK);
        browsers.put(session, browser);
        Chatter chatter = new Chatter("cws" + i + "-" + run, order, browser.cookie(), session, gate, Duration.ZERO);
        chatters.add(chatter);
        threads.add(BrokerCrashIT.start(session, chatter));
      }

      int quarter = total / 4;
      Timeline timeline = killAndRestartOneBroker(stack.cluster(), admin, chatters, gate, quarter);
      RedisFailover failover = killTheViewsMaster(stack.redisCluster(), chatters, gate, total);
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

      report(timeline, chatters, acked, audit, answers);
      reportRedis(failover, acked, chatters, stack.redisCluster());
      // Each promise on its own: a broken one must not hide whether the others held.
      SoftAssertions.assertSoftly(softly -> {
        audit.assertKept(softly, chatters, total, answers);
        softly.assertThat(timeline.leadersDown().get(timeline.victim())).as("partitions led by the dead broker")
            .isZero();
        softly.assertThat(timeline.leadersDown().values().stream().mapToLong(Long::longValue).sum())
            .as("partitions with a leader while a broker was down")
            .isEqualTo(timeline.leadersBefore().values().stream().mapToLong(Long::longValue).sum());
        softly.assertThat(shown).as("each history, from the views on the Redis Cluster, against the log")
            .isEqualTo(loggedUserMessages(log, browsers.keySet()));
      });
    }
  }

  /**
   * {@code third} messages with every broker up; then SIGKILL the leader of the first chatter's partition and let as
   * many more be sent, until every session was served again; then restart it and let as many more be sent.
   */
  private static Timeline killAndRestartOneBroker(KafkaCluster cluster, Admin admin, List<Chatter> chatters,
      Gate gate, int third) throws Exception {
    gate.open(third);
    await().atMost(PHASE_TIMEOUT).until(() -> acks(chatters) >= third);
    Map<Integer, Long> leadersBefore = leadersPerNode(admin);
    List<TopicPartitionInfo> partitions = describe(admin).partitions();
    int victim = partitions.get(SessionLog.partitionOf(chatters.get(0).sessionId(), partitions.size())).leader().id();
    boolean wasController = admin.describeCluster().controller().get().id() == victim;

    long killedAt = System.nanoTime();
    cluster.node(victim).kill();
    gate.open(third);
    await().atMost(PHASE_TIMEOUT).until(() -> acks(chatters) >= 2L * third
        && chatters.stream().allMatch(c -> c.acked().stream().anyMatch(a -> a.atNanos() > killedAt)));
    Map<Integer, Long> leadersDown = leadersPerNode(admin);

    long restartedAt = System.nanoTime();
    gate.open(third);
    cluster.node(victim).restart();
    cluster.awaitAllBrokers(PHASE_TIMEOUT);
    await().atMost(PHASE_TIMEOUT).until(() -> describe(admin).partitions().stream()
        .allMatch(p -> p.isr().size() == BROKERS));
    long isrWholeMillis = Figures.millisSince(restartedAt);
    await().atMost(PHASE_TIMEOUT).until(() -> acks(chatters) >= 3L * third);
    return new Timeline(victim, wasController, killedAt, restartedAt, isrWholeMillis, leadersBefore, leadersDown,
        leadersPerNode(admin));
  }

  /** SIGKILLs the Redis master of the {@code {views}} slot, lets the rest of the messages be sent, then stops. */
  private static RedisFailover killTheViewsMaster(RedisCluster redis, List<Chatter> chatters, Gate gate, int total) {
    int master = redis.masterOf(ViewKeys.defaults().positions());
    long killedAt = System.nanoTime();
    redis.kill(master);
    gate.open(total - (int) acks(chatters));
    redis.awaitFailover(master, PHASE_TIMEOUT);
    long failoverMillis = Figures.millisSince(killedAt);
    await().atMost(PHASE_TIMEOUT).until(() -> acks(chatters) >= total);
    gate.close();
    return new RedisFailover(master, killedAt, failoverMillis);
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

  private static Map<String, List<String>> loggedUserMessages(LogDump log, Set<String> sessions) {
    return sessions.stream().collect(Collectors.toMap(s -> s,
        s -> log.matching(e -> e instanceof UserMessage && e.sessionId().equals(s)).stream()
            .sorted(Comparator.comparingLong(LogDump.Entry::offset))
            .map(e -> ((UserMessage) e.event()).content()).toList()));
  }

  private static void reportRedis(RedisFailover f, List<Chatter.Acked> acked, List<Chatter> chatters,
      RedisCluster redis) {
    List<Chatter.Acked> after = acked.stream().filter(a -> a.atNanos() >= f.killedAt()).toList();
    long previous = f.killedAt();
    long longest = 0;
    for (Chatter.Acked a : after) {
      longest = Math.max(longest, a.atNanos() - previous);
      previous = a.atNanos();
    }
    Figures.report(TEST, "Redis: master %d (it held the views' positions) killed with %d messages still to send; "
            + "its replica promoted and the cluster healthy again %d ms after the kill; longest wait between "
            + "acknowledgements after it %d ms; 2 edges, 2 projectors, 2 connectors; per master at the end (keys, "
            + "and commands since the node started): %s", f.master(), after.size(), f.failoverMillis(),
        longest / 1_000_000, redis.perMaster());
  }

  /** The product created the topic itself, three replicas of each partition, two of them in sync for a write. */
  private static void assertLaidOutByTheProduct(Admin admin) throws Exception {
    assertThat(describe(admin).partitions()).as("partitions of " + TOPIC).isNotEmpty()
        .allSatisfy(p -> assertThat(p.replicas()).as("replicas of partition " + p.partition()).hasSize(BROKERS));
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
    ConfigEntry minInsync = admin.describeConfigs(List.of(resource)).all().get().get(resource)
        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    assertThat(minInsync.value()).as(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).isEqualTo("2");
    // Set on the topic by the product, not inherited from a broker default.
    assertThat(minInsync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }

  private static void report(Timeline t, List<Chatter> chatters, List<Chatter.Acked> acked, AckAudit audit,
      Map<String, Integer> answers) {
    long before = acked.stream().filter(a -> a.atNanos() < t.killedAt()).count();
    long down = acked.stream().filter(a -> a.atNanos() >= t.killedAt() && a.atNanos() < t.restartedAt()).count();
    List<Long> resumedMillis = chatters.stream().map(c -> c.acked().stream().mapToLong(Chatter.Acked::atNanos)
        .filter(at -> at > t.killedAt()).min().orElseThrow()).map(at -> (at - t.killedAt()) / 1_000_000).sorted()
        .toList();
    long longestGap = longestGapMillis(acked);
    long longestSessionGap = chatters.stream().mapToLong(c -> longestGapMillis(c.acked())).max().orElse(0);
    Figures.report(TEST, "%d acknowledged (%d before the kill, %d while node %d was down, %d from its restart on), "
            + "%d found in the log, %d missing, %d duplicates, %d at another seq, %d given up; %d user messages in "
            + "the histories, %d of them with exactly one answer; %d errors shown to clients; no write acknowledged "
            + "for %d ms after the kill, every session served again after %d-%d ms; longest gap between "
            + "acknowledgements %d ms (one session: %d ms); %s",
        audit.acknowledged(), before, down, t.victim(), audit.acknowledged() - before - down, audit.found(),
        audit.missing().size(), audit.duplicated().size(), audit.wrongSeq().size(),
        chatters.stream().mapToInt(c -> c.gaveUp().size()).sum(), answers.size(),
        answers.values().stream().filter(n -> n == 1).count(), chatters.stream().mapToInt(Chatter::errors).sum(),
        resumedMillis.get(0), resumedMillis.get(0), resumedMillis.get(resumedMillis.size() - 1), longestGap,
        longestSessionGap, nodes(t));
  }

  private static String nodes(Timeline t) {
    return String.format(Locale.ROOT, "node %d killed (%s the active controller); leaders per node before %s, "
            + "while down %s, after the restart %s; back in every ISR %d ms after its restart began", t.victim(),
        t.victimWasController() ? "it was" : "not", t.leadersBefore(), t.leadersDown(), t.leadersAfter(),
        t.isrWholeMillis());
  }

  private static long longestGapMillis(List<Chatter.Acked> acked) {
    List<Long> times = acked.stream().map(Chatter.Acked::atNanos).sorted().toList();
    long longest = 0;
    for (int i = 1; i < times.size(); i++) {
      longest = Math.max(longest, times.get(i) - times.get(i - 1));
    }
    return longest / 1_000_000;
  }

  private static long acks(List<Chatter> chatters) {
    return chatters.stream().mapToLong(c -> c.acked().size()).sum();
  }

  private static TopicDescription describe(Admin admin) throws Exception {
    return admin.describeTopics(List.of(TOPIC)).topicNameValues().get(TOPIC).get(10, TimeUnit.SECONDS);
  }

  /** Per broker id, how many partitions of the topic it leads (0 for a broker that leads none). */
  private static Map<Integer, Long> leadersPerNode(Admin admin) throws Exception {
    Map<Integer, Long> leaders = new TreeMap<>();
    for (int node = 1; node <= BROKERS; node++) {
      leaders.put(node, 0L);
    }
    for (TopicPartitionInfo partition : describe(admin).partitions()) {
      if (partition.leader() != null) {
        leaders.merge(partition.leader().id(), 1L, Long::sum);
      }
    }
    return leaders;
  }

  /**
   * Lets the chatters send as many messages as the test opens it for, phase by phase, so that each phase has its
   * share whatever the broker does; closed, it ends their run.
   */
  private static final class Gate implements BooleanSupplier {

    private final Semaphore permits = new Semaphore(0);
    private volatile boolean closed;

    void open(int messages) {
      permits.release(messages);
    }

    void close() {
      closed = true;
    }

    @Override
    public boolean getAsBoolean() {
      try {
        while (!closed) {
          if (permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }
}
