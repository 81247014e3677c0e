package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.ViewPointer;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

/** After {@code rebuild-views} switches the pointer, the edge reads and waits on the new prefix. */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewPointerSwitchIT {

  private RelayInfra infra;
  private EdgeHarness harness;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra, Map.of("READ_YOUR_WRITES_TIMEOUT_MS", "3000"));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  private static String messages(String sessionId) {
    return "/api/v1/sessions/" + sessionId + "/messages";
  }

  /** What a rebuild leaves in its fresh prefix, for one session and its owner's index. */
  private static void copySession(RedisClient redis, ViewKeys from, ViewKeys to, String sessionId, String userId) {
    redis.hset(to.session(sessionId), redis.hgetAll(from.session(sessionId)));
    for (Tuple message : redis.zrangeWithScores(from.messages(sessionId), 0, -1)) {
      redis.zadd(to.messages(sessionId), message.getScore(), message.getElement());
    }
    redis.zadd(to.userSessions(userId), redis.zscore(from.userSessions(userId), sessionId), sessionId);
  }

  private double readYourWritesTimeouts() {
    Timer timer = harness.edge().registry().find("edge.read_your_writes.wait").tag("outcome", "timeout").timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void shouldReadTheNewPrefixAndWaitForItsPositionsAfterTheSwitch() throws Exception {
    ApiClient owner = harness.client();
    String user = infra.uniqueName("switch");
    String kept = owner.createSession(user);
    owner.createSession(user);
    assertThat(owner.post(messages(kept), "{\"content\":\"before the switch\"}").status()).isEqualTo(200);
    ViewKeys home = harness.keys();
    ViewKeys fresh = new ViewKeys(infra.uniqueName("edge-it-rebuilt") + ":");
    RedisClient redis = harness.redis();

    try (StandInProjector freshProjector = new StandInProjector(infra.bootstrapServers(), infra.redisUrl(), fresh)) {
      // The rebuilt views hold only one of the two sessions: the listing tells which prefix the edge reads.
      copySession(redis, home, fresh, kept, user);
      // From now on only the fresh prefix moves; a write waiting on the old positions would time out.
      harness.projector().pause(true);
      double timeoutsBefore = readYourWritesTimeouts();
      String pointer = new ViewPointer(home).key();
      redis.set(pointer, fresh.prefix());
      redis.publish(pointer, fresh.prefix());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(owner.get("/api/v1/sessions").json().get("sessions").findValuesAsText("id"))
              .containsExactly(kept));
      ApiClient.Response sent = owner.post(messages(kept), "{\"content\":\"after the switch\"}");

      assertThat(sent.status()).isEqualTo(200);
      JsonNode history = owner.get(messages(kept)).json().get("messages");
      assertThat(history.findValuesAsText("content")).containsExactly("before the switch", "after the switch");
      assertThat(readYourWritesTimeouts()).isEqualTo(timeoutsBefore);
      assertThat(redis.zcard(home.messages(kept))).isEqualTo(1);
    } finally {
      redis.del(new ViewPointer(home).key());
      harness.projector().pause(false);
    }
  }
}
