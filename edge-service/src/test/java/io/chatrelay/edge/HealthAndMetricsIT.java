package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthAndMetricsIT extends WithOneEdge {

  @Test
  void shouldBeLive() {
    ApiClient.Response live = harness.client().get("/health/live");

    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void shouldServeReadinessAndMetricsOnlyOnTheLoopbackOpsListener() {
    ApiClient browser = harness.client();

    assertProblem(browser.get("/health/ready"), 404, "not-found");
    assertProblem(browser.get("/metrics"), 404, "not-found");
    assertThat(harness.ops().get("/health/live").status()).isEqualTo(200);
    assertThat(harness.ops().get("/metrics").status()).isEqualTo(200);
    assertThat(harness.edge().opsUri().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldBeReadyWhenKafkaRedisAndViewsAreUpAndCaughtUp() {
    harness.client().createSession(infra.uniqueName("alice"));
    ApiClient ops = harness.ops();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      ApiClient.Response ready = ops.get("/health/ready");
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      JsonNode checks = ready.json().get("checks");
      assertThat(checks.get("kafka").get("up").asBoolean()).isTrue();
      assertThat(checks.get("redis").get("up").asBoolean()).isTrue();
      assertThat(checks.get("projection").get("up").asBoolean()).isTrue();
    });
  }

  @Test
  void shouldNotBeReadyWhileTheViewsLagBehindTheLog() {
    harness.client().createSession(infra.uniqueName("bob"));
    Map<String, String> env = new HashMap<>(EdgeHarness.baseEnv(infra));
    env.put("READY_MAX_PROJECTION_LAG", "0");
    // A fresh view prefix that no projector serves: the log has events, the views have none.
    try (EdgeService lagging = new EdgeService(EdgeConfig.fromEnv(env))) {
      ApiClient.Response ready = new ApiClient(lagging.opsUri()).get("/health/ready");

      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
      JsonNode projection = ready.json().get("checks").get("projection");
      assertThat(projection.get("up").asBoolean()).isFalse();
      assertThat(projection.get("detail").asText()).contains("behind the log");
      assertThat(ready.json().get("checks").get("kafka").get("up").asBoolean()).isTrue();
    }
  }

  @Test
  void shouldExposePrometheusMetricsPerRouteAndDependency() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("carol"));
    browser.post("/api/v1/sessions/" + sessionId + "/messages", "{\"content\":\"hello\"}");
    browser.get("/api/v1/sessions/" + sessionId + "/messages");
    assertProblem(browser.get("/api/v1/sessions/" + sessionId + "/messages?limit=0"), 400, "invalid-request");

    ApiClient.Response metrics = harness.ops().get("/metrics");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("edge_http_requests_seconds_count{method=\"POST\",route=\"/api/v1/sessions\",service=\"edge-service\""
            + ",status=\"201\"}")
        .contains("route=\"/api/v1/sessions/{id}/messages\"")
        .contains("status=\"400\"")
        .contains("edge_kafka_produce_seconds_count{outcome=\"acked\"")
        .contains("edge_redis_commands_seconds_count{operation=\"messages\"")
        .contains("edge_read_your_writes_wait_seconds_count{outcome=\"applied\"")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(sessionId);
  }
}
