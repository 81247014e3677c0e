package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.LiveSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live feed follows only the partitions of the edge's sockets, against the real broker: it fetches their traffic
 * and no other, and a socket whose partition it starts following late, or follows again after releasing it, gets
 * its live events and its resume as before.
 */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedPartitionsIT {

  private static final int PARTITIONS = EdgeHarness.PARTITIONS;
  private static final Duration RELEASE_IDLE = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(15);

  private RelayInfra infra;
  private EdgeHarness edge;
  private AgentSide agent;
  private PartitionLoad load;

  /** A browser signed in as {@code userId}, with one session. */
  record Browser(ApiClient client, String userId, String sessionId) {
    String messagesPath() {
      return "/api/v1/sessions/" + sessionId + "/messages";
    }
  }

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.edge = EdgeHarness.start(infra, Map.of("EDGE_FEED_RELEASE_IDLE_MS", Long.toString(RELEASE_IDLE.toMillis())));
    this.agent = new AgentSide(infra.bootstrapServers());
    this.load = new PartitionLoad(infra.bootstrapServers(), PARTITIONS);
  }

  @AfterAll
  void stop() throws Exception {
    load.close();
    agent.close();
    edge.close();
  }

  @BeforeEach
  void noPartitionFollowed() {
    await().atMost(WAIT).until(() -> meter().partitions() == 0);
  }

  private FeedMeter meter() {
    return FeedMeter.of(edge.edge().opsUri());
  }

  /** A new browser whose session's events go to {@code partition}. */
  private Browser sessionOn(int partition) {
    for (int i = 0; i < 100; i++) {
      ApiClient client = edge.client();
      String user = infra.uniqueName("user");
      String sessionId = client.createSession(user);
      if (PartitionLoad.partitionOf(sessionId, PARTITIONS) == partition) {
        return new Browser(client, user, sessionId);
      }
    }
    throw new AssertionError("no session landed on partition " + partition);
  }

  @Test
  void shouldFetchTheTrafficOfItsSocketsPartitionOnly() {
    Browser browser = sessionOn(1);
    try (LiveSocket socket = LiveSocket.open(edge.baseUri(), browser.sessionId(), browser.client().cookie())) {
      await().atMost(WAIT).until(() -> meter().partitions() == 1);
      FeedMeter before = meter();

      PartitionLoad.Written[] written = load.write(infra.uniqueName("load"), 50, 1000);
      JsonNode sent = browser.client().post(browser.messagesPath(), "{\"content\":\"mine\"}").json().get("message");

      assertThat(socket.next().get("seq").asLong()).isEqualTo(sent.get("seq").asLong());
      long total = Arrays.stream(written).mapToLong(PartitionLoad.Written::bytes).sum();
      // The load of partition 1 and the browser's own message; then nothing more for a while.
      await().atMost(WAIT).during(Duration.ofMillis(500))
          .until(() -> meter().since(before).records() == written[1].records() + 1);
      FeedMeter fetched = meter().since(before);
      assertThat(fetched.bytes()).isBetween(written[1].bytes(), written[1].bytes() + 2_000).isLessThan(total / 2);
      assertThat(fetched.partitions()).isEqualTo(1);
    }
  }

  @Test
  void shouldServeASessionWhosePartitionIsFollowedLateAndAgainAfterItsRelease() {
    Browser browser = sessionOn(2);
    long lastSeen;
    try (LiveSocket socket = LiveSocket.open(edge.baseUri(), browser.sessionId(), browser.client().cookie())) {
      JsonNode sent = browser.client().post(browser.messagesPath(), "{\"content\":\"hello\"}").json().get("message");
      lastSeen = agent.reply(browser.sessionId(), browser.userId(), sent.get("id").asText(), "hi");

      assertThat(socket.next().get("seq").asLong()).isEqualTo(sent.get("seq").asLong());
      assertThat(socket.next().get("seq").asLong()).isEqualTo(lastSeen);
    }
    await().atMost(WAIT).until(() -> meter().partitions() == 0);
    // Written while no socket of this edge needs the partition, and the feed does not read it.
    JsonNode missed = browser.client().post(browser.messagesPath(), "{\"content\":\"away\"}").json().get("message");
    long missedReply = agent.reply(browser.sessionId(), browser.userId(), missed.get("id").asText(), "while away");

    try (LiveSocket again = LiveSocket.resume(edge.baseUri(), browser.sessionId(), browser.client().cookie(),
        lastSeen)) {
      List<JsonNode> replayed = again.until(f -> f.get("seq").asLong() == missedReply);
      assertThat(replayed.stream().map(f -> f.get("seq").asLong()))
          .containsExactly(missed.get("seq").asLong(), missedReply);
      assertThat(meter().partitions()).isEqualTo(1);

      JsonNode back = browser.client().post(browser.messagesPath(), "{\"content\":\"back\"}").json().get("message");
      long live = agent.reply(browser.sessionId(), browser.userId(), back.get("id").asText(), "live again");
      assertThat(again.next().get("seq").asLong()).isEqualTo(back.get("seq").asLong());
      assertThat(again.next().get("seq").asLong()).isEqualTo(live);
      assertThat(again.drain(Duration.ofMillis(300))).isEmpty();
    }
  }
}
