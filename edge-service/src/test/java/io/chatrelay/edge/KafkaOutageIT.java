package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.infra.EmbeddedKafka;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stops the broker under a running edge. The broker is shared by every test class of a JVM, so this class runs in a
 * JVM of its own (a separate failsafe execution) and restarts the broker before it ends.
 */
@ExtendWith(RelayInfraExtension.class)
class KafkaOutageIT {

  private static final String KEY = "outage-1";
  private static final String KEYED = "{\"content\":\"keyed during the outage\"}";

  @Test
  void shouldAnswer503WithRetryAfterWhileKafkaIsDownAndRecoverAfterwards(RelayInfra infra) throws Exception {
    try (EdgeHarness harness = EdgeHarness.start(infra)) {
      ApiClient browser = harness.client();
      String user = infra.uniqueName("alice");
      String sessionId = browser.createSession(user);
      String messages = "/api/v1/sessions/" + sessionId + "/messages";
      assertThat(browser.post(messages, "{\"content\":\"before the outage\"}").status()).isEqualTo(200);
      // The POST is answered on Kafka's acknowledgement; this read waits until the views hold it too.
      assertThat(contents(browser.get(messages))).containsExactly("before the outage");
      Set<String> keysBefore = viewKeys(harness, user, sessionId);
      EmbeddedKafka kafka = infra.kafka();

      kafka.stop();
      try {
        // A 10 s client timeout: a request that hangs instead of answering fails the test.
        ApiClient.Response refused = browser.send(browser.request(messages).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"during the outage\"}")));
        assertProblem(refused, 503, "service-unavailable");
        assertThat(refused.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        ApiClient.Response keyedRefused = browser.send(browser.request(messages).timeout(Duration.ofSeconds(10))
            .header("Idempotency-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(KEYED)));
        assertThat(assertProblem(keyedRefused, 503, "service-unavailable").get("detail").asText())
            .contains("same Idempotency-Key");

        ApiClient newcomer = harness.client();
        ApiClient.Response notCreated = newcomer.send(newcomer.request("/api/v1/sessions")
            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"bob\"}")));
        assertProblem(notCreated, 503, "service-unavailable");
        assertThat(notCreated.header("Set-Cookie")).as("no sign-in for a session that was not stored").isEmpty();

        assertProblem(browser.send(browser.request("/api/v1/sessions/" + sessionId).timeout(Duration.ofSeconds(10))
            .DELETE()), 503, "service-unavailable");

        assertThat(viewKeys(harness, user, sessionId)).as("nothing half-written").isEqualTo(keysBefore);
        assertThat(contents(browser.get(messages))).containsExactly("before the outage");
        assertThat(browser.get("/api/v1/sessions/" + sessionId).status()).as("reads need no broker").isEqualTo(200);
        ApiClient.Response ready = harness.ops().get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("checks").get("kafka").get("up").asBoolean()).isFalse();
        // The cause of the failure is in the log; the answer names the check and its state only.
        assertThat(ready.body()).doesNotContain("Exception", "Timed out", "Call(");
      } finally {
        kafka.restart();
      }

      // The keyed message is retried as a client would, through the broker's return: whichever attempts the log
      // took without confirming, it is stored once.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
          browser.post(messages, KEYED, Map.of("Idempotency-Key", KEY)).status() == 200);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
          browser.post(messages, "{\"content\":\"after the outage\"}").status() == 200);
      assertThat(contents(browser.get(messages)))
          .containsExactly("before the outage", "keyed during the outage", "after the outage");
      assertThat(browser.get("/api/v1/sessions/" + sessionId).json().get("metadata").get("messageCount").asLong())
          .isEqualTo(3);
    }
  }

  private static Set<String> viewKeys(EdgeHarness harness, String user, String sessionId) {
    return Set.of(
        "session=" + harness.redis().hgetAll(harness.keys().session(sessionId)),
        "messages=" + harness.redis().zrange(harness.keys().messages(sessionId), 0, -1),
        "sessions=" + harness.redis().zrange(harness.keys().userSessions(user), 0, -1),
        "bob=" + harness.redis().zrange(harness.keys().userSessions("bob"), 0, -1));
  }

  private static List<String> contents(ApiClient.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    response.json().get("messages").forEach(m -> out.add(m.get("content").asText()));
    return out;
  }
}
