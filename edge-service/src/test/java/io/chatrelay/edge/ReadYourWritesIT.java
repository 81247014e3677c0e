package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.edge.views.ProjectionWatcher;
import io.chatrelay.edge.views.RedisClients;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.views.ViewKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

@ExtendWith(RelayInfraExtension.class)
class ReadYourWritesIT {

  @Test
  void watcherShouldCompleteOncePublishedPositionPassesTheOffset(RelayInfra infra) throws Exception {
    ViewKeys keys = new ViewKeys(infra.uniqueName("ryw") + ":");
    RedisClients clients = new RedisClients(URI.create(infra.redisUrl()));
    try (UnifiedJedis redis = clients.pooled(4);
        ProjectionWatcher watcher = new ProjectionWatcher(redis, clients.channels(), keys, Duration.ofMillis(50))) {
      awaitSubscribed(redis, keys);
      CompletableFuture<Boolean> applied = watcher.awaitApplied(0, 10, Duration.ofSeconds(10));

      redis.publish(keys.positions(), "0:10,1:99");
      assertThat(applied).as("next offset 10 means offset 10 is not applied yet").isNotDone();

      redis.publish(keys.positions(), "0:11");
      assertThat(applied.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(watcher.awaitApplied(0, 3, Duration.ofSeconds(1))).as("already known").isCompletedWithValue(true);
    }
  }

  @Test
  void watcherShouldFindPositionsItMissedByPollingTheHash(RelayInfra infra) throws Exception {
    ViewKeys keys = new ViewKeys(infra.uniqueName("ryw") + ":");
    RedisClients clients = new RedisClients(URI.create(infra.redisUrl()));
    try (UnifiedJedis redis = clients.pooled(4);
        ProjectionWatcher watcher = new ProjectionWatcher(redis, clients.channels(), keys, Duration.ofMillis(50))) {
      CompletableFuture<Boolean> applied = watcher.awaitApplied(2, 5, Duration.ofSeconds(10));

      redis.hset(keys.positions(), "2", "6");

      assertThat(applied.get(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void watcherShouldGiveUpAfterTheTimeoutWithFalse(RelayInfra infra) throws Exception {
    ViewKeys keys = new ViewKeys(infra.uniqueName("ryw") + ":");
    RedisClients clients = new RedisClients(URI.create(infra.redisUrl()));
    try (UnifiedJedis redis = clients.pooled(4);
        ProjectionWatcher watcher = new ProjectionWatcher(redis, clients.channels(), keys, Duration.ofMillis(50))) {
      assertThat(watcher.awaitApplied(1, 100, Duration.ofMillis(200)).get(5, TimeUnit.SECONDS)).isFalse();
    }
  }

  @Test
  void shouldHoldTheWriteUntilTheViewsShowIt(RelayInfra infra) throws Exception {
    try (EdgeHarness harness = EdgeHarness.start(infra)) {
      // The stand-in projector lags every batch; without the wait the reads below would miss the writes.
      harness.projector().delayEachBatch(Duration.ofMillis(400));
      ApiClient browser = harness.client();

      String sessionId = browser.createSession(infra.uniqueName("alice"));
      assertThat(browser.get("/api/v1/sessions/" + sessionId).status()).isEqualTo(200);

      assertThat(browser.post("/api/v1/sessions/" + sessionId + "/messages", "{\"content\":\"one\"}").status())
          .isEqualTo(200);
      assertThat(browser.get("/api/v1/sessions/" + sessionId + "/messages").json().get("messages")).hasSize(1);

      assertThat(browser.delete("/api/v1/sessions/" + sessionId).status()).isEqualTo(200);
      assertThat(browser.get("/api/v1/sessions/" + sessionId).status()).isEqualTo(404);
    }
  }

  @Test
  void shouldFollowTheProjectorByPollingWhenItsPublishesAreLost(RelayInfra infra) throws Exception {
    try (EdgeHarness harness = EdgeHarness.start(infra)) {
      harness.projector().publishPositions(false);
      ApiClient browser = harness.client();

      String sessionId = browser.createSession(infra.uniqueName("bob"));

      assertThat(browser.get("/api/v1/sessions/" + sessionId).status()).isEqualTo(200);
      assertThat(timeoutCount(harness)).isZero();
    }
  }

  @Test
  void shouldStillAnswerSuccessWhenTheViewsDoNotCatchUpInTime(RelayInfra infra) throws Exception {
    try (EdgeHarness harness = EdgeHarness.start(infra, Map.of("READ_YOUR_WRITES_TIMEOUT_MS", "300"))) {
      ApiClient browser = harness.client();
      String sessionId = browser.createSession(infra.uniqueName("carol"));
      harness.projector().pause(true);

      ApiClient.Response sent = browser.post("/api/v1/sessions/" + sessionId + "/messages",
          "{\"content\":\"stored even if not shown yet\"}");

      assertThat(sent.status()).as("the write is in the log; failing would make the client resend it")
          .isEqualTo(200);
      assertThat(sent.json().get("message").get("seq").asLong())
          .isEqualTo(ChatLogTail.records(infra.bootstrapServers(), sessionId, 2).get(1).offset());
      assertThat(browser.get("/api/v1/sessions/" + sessionId + "/messages").json().get("messages")).isEmpty();
      assertThat(timeoutCount(harness)).isEqualTo(1);

      harness.projector().pause(false);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(browser.get("/api/v1/sessions/" + sessionId + "/messages").json().get("messages")).hasSize(1));
    }
  }

  @Test
  void shouldAnswerOnTheAcknowledgementAndMakeTheNextReadWait(RelayInfra infra) throws Exception {
    try (EdgeHarness harness = EdgeHarness.start(infra)) {
      ApiClient browser = harness.client();
      String sessionId = browser.createSession(infra.uniqueName("dave"));
      ApiClient beforeTheWrite = harness.client().withCookie(browser.cookie());
      harness.projector().pause(true);

      ApiClient.Response sent = browser.post("/api/v1/sessions/" + sessionId + "/messages",
          "{\"content\":\"answered before the views show it\"}");

      assertThat(sent.status()).as("the paused projector cannot have shown it: the answer did not wait")
          .isEqualTo(200);
      assertThat(sent.header("Set-Cookie").orElseThrow()).startsWith("session=").contains("HttpOnly");
      assertThat(beforeTheWrite.get("/api/v1/sessions/" + sessionId + "/messages").json().get("messages"))
          .as("a cookie that does not know the write reads at once").isEmpty();
      CompletableFuture<ApiClient.Response> read = CompletableFuture.supplyAsync(
          () -> browser.get("/api/v1/sessions/" + sessionId + "/messages"));
      Thread.sleep(300);
      assertThat(read).as("the writer's next read waits for its write").isNotDone();

      CompletableFuture<ApiClient.Response> page = CompletableFuture.supplyAsync(
          () -> browser.get("/conversations/" + sessionId));
      Thread.sleep(300);
      assertThat(page).as("the conversation page waits for the write too").isNotDone();

      harness.projector().pause(false);
      assertThat(read.get(10, TimeUnit.SECONDS).json().get("messages")).hasSize(1);
      assertThat(page.get(10, TimeUnit.SECONDS).body()).contains("answered before the views show it");
      assertThat(timeoutCount(harness)).isZero();
    }
  }

  @Test
  void shouldHoldTheAnswerForACallerTheProxyIdentifies(RelayInfra infra) throws Exception {
    String header = "X-Authenticated-User";
    try (EdgeHarness harness = EdgeHarness.start(infra, Map.of("AUTH_PROXY_HEADER", header,
        "TRUSTED_PROXIES", "127.0.0.1, ::1", "READ_YOUR_WRITES_TIMEOUT_MS", "300"))) {
      ApiClient proxied = harness.client();
      String user = infra.uniqueName("erin");
      ApiClient.Response created = proxied.send(proxied.request("/api/v1/sessions").header(header, user)
          .POST(HttpRequest.BodyPublishers.ofString("{}")));
      String sessionId = created.json().get("sessionId").asText();
      harness.projector().pause(true);

      ApiClient.Response sent = proxied.send(proxied.request("/api/v1/sessions/" + sessionId + "/messages")
          .header(header, user).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"no cookie to carry the position\"}")));

      assertThat(sent.status()).isEqualTo(200);
      assertThat(sent.header("Set-Cookie")).as("the proxy vouches for this caller; it gets no cookie").isEmpty();
      assertThat(timeoutCount(harness)).as("the answer itself waited for the views").isEqualTo(1);
      harness.projector().pause(false);
    }
  }

  private static long timeoutCount(EdgeHarness harness) {
    var timer = harness.edge().registry().find("edge.read_your_writes.wait").tag("outcome", "timeout").timer();
    return timer == null ? 0 : timer.count();
  }

  /**
   * A publish before the subscription is active would be lost (that is what the poll is for); wait for it here. An
   * empty message carries no positions, and PUBLISH answers how many subscribers received it.
   */
  private static void awaitSubscribed(UnifiedJedis redis, ViewKeys keys) {
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.publish(keys.positions(), "") > 0);
  }
}
