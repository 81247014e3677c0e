package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the live feeds of 1 and 3 edge instances fetch for the same traffic, sockets spread over the instances two
 * ways: by partition (a balancer with session affinity that keeps a partition's sessions together) and round-robin.
 * The figures are logged for the operators' guide; asserted is only that each instance fetched exactly the
 * partitions its sockets need.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedCapacityIT {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeedCapacityIT.class);
  private static final int PARTITIONS = EdgeHarness.PARTITIONS;
  private static final int SESSIONS_PER_PARTITION = 2;
  private static final int RECORDS_PER_PARTITION = 300;
  private static final int CONTENT_BYTES = 1000;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private RelayInfra infra;
  private EdgeHarness home;
  private PartitionLoad load;
  /** Sessions ordered by partition: 0, 0, 1, 1, 2, 2. */
  private final List<LiveFeedPartitionsIT.Browser> browsers = new ArrayList<>();

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.home = EdgeHarness.start(infra);
    this.load = new PartitionLoad(infra.bootstrapServers(), PARTITIONS);
    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      while (browsers.stream().filter(b -> partitionOf(b) == partition).count() < SESSIONS_PER_PARTITION) {
        ApiClient client = home.client();
        String user = infra.uniqueName("cap");
        String sessionId = client.createSession(user);
        if (partitionOf(sessionId) == partition) {
          browsers.add(new LiveFeedPartitionsIT.Browser(client, user, sessionId));
        }
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    load.close();
    home.close();
  }

  private static int partitionOf(String sessionId) {
    return PartitionLoad.partitionOf(sessionId, PARTITIONS);
  }

  private static int partitionOf(LiveFeedPartitionsIT.Browser browser) {
    return partitionOf(browser.sessionId());
  }

  @Test
  void shouldHaveEachEdgeFetchOnlyThePartitionsOfItsOwnSockets() throws Exception {
    measure("1 edge", 1, i -> 0);
    measure("3 edges, sockets by partition", 3, i -> partitionOf(browsers.get(i)));
    measure("3 edges, sockets round-robin", 3, i -> i % 3);
  }

  /** Opens socket i on edge {@code edgeOf(i)}, writes the same traffic, and compares what each edge fetched. */
  private void measure(String layout, int edgeCount, IntUnaryOperator edgeOf) throws Exception {
    List<EdgeService> edges = new ArrayList<>();
    List<LiveSocket> sockets = new ArrayList<>();
    try {
      for (int e = 0; e < edgeCount; e++) {
        edges.add(home.anotherEdge(infra));
      }
      List<TreeSet<Integer>> followed = new ArrayList<>();
      edges.forEach(edge -> followed.add(new TreeSet<>()));
      for (int i = 0; i < browsers.size(); i++) {
        LiveFeedPartitionsIT.Browser browser = browsers.get(i);
        int e = edgeOf.applyAsInt(i);
        sockets.add(LiveSocket.open(edges.get(e).baseUri(), browser.sessionId(), browser.client().cookie()));
        followed.get(e).add(partitionOf(browser));
      }
      List<FeedMeter> before = edges.stream().map(edge -> FeedMeter.of(edge.opsUri())).toList();

      PartitionLoad.Written[] written = load.write(infra.uniqueName("cap-load"), RECORDS_PER_PARTITION, CONTENT_BYTES);

      long total = 0;
      for (PartitionLoad.Written w : written) {
        total += w.bytes();
      }
      for (int e = 0; e < edgeCount; e++) {
        EdgeMeter edge = new EdgeMeter(edges.get(e), before.get(e));
        PartitionLoad.Written expected = new PartitionLoad.Written(0, 0);
        for (int p : followed.get(e)) {
          expected = expected.plus(written[p]);
        }
        long records = expected.records();
        await().atMost(WAIT).during(Duration.ofMillis(300)).until(() -> edge.fetched().records() == records);
        FeedMeter fetched = edge.fetched();
        LOG.info("capacity {}: edge {} follows partitions {}: fetched {} records, {} bytes of {} written ({}%)",
            layout, e + 1, followed.get(e), fetched.records(), fetched.bytes(), total,
            Math.round(100.0 * fetched.bytes() / total));
        assertThat(fetched.bytes()).as("%s: edge %d", layout, e + 1).isEqualTo(expected.bytes());
        assertThat(fetched.partitions()).isEqualTo(followed.get(e).size());
      }
    } finally {
      for (LiveSocket socket : sockets) {
        socket.close();
      }
      for (EdgeService edge : edges) {
        edge.close();
      }
    }
  }

  private record EdgeMeter(EdgeService edge, FeedMeter before) {
    FeedMeter fetched() {
      return FeedMeter.of(edge.opsUri()).since(before);
    }
  }
}
