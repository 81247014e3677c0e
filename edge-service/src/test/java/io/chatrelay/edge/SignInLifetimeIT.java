package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A sign-in ends when its cookie expires or it is revoked, and nothing outlives that: no socket, no copy. */
@ExtendWith(RelayInfraExtension.class)
class SignInLifetimeIT {

  @Test
  void shouldCloseASocketWhenTheCookieItWasOpenedWithExpires(RelayInfra infra) throws Exception {
    try (EdgeHarness harness = EdgeHarness.start(infra, Map.of("SESSION_TTL_SECONDS", "2"))) {
      ApiClient browser = harness.client();
      String sessionId = browser.createSession(infra.uniqueName("ivy"));
      long expiresAt = expiryOf(browser.cookie());

      try (LiveSocket socket = LiveSocket.open(harness.baseUri(), sessionId, browser.cookie())) {
        await().atMost(Duration.ofSeconds(10)).until(socket::isClosed);
        long lateMillis = System.currentTimeMillis() - expiresAt * 1000;

        assertThat(socket.awaitClosed()).isEqualTo(new JsonSocket.Closed(1008, "session expired"));
        assertThat(lateMillis).as("not before the cookie expired").isGreaterThanOrEqualTo(0);
        assertThat(browser.get("/api/v1/sessions").status()).as("the cookie itself").isEqualTo(401);
        System.out.printf("FIGURE SignInLifetimeIT.expiry: socket closed 1008 \"session expired\" %d ms after its "
            + "cookie expired%n", lateMillis);
      }
    }
  }

  @Test
  void shouldRefuseEverySignInFromBeforeRedisLostItsDataIncludingSignedOutOnes(RelayInfra infra) throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
      Map<String, String> env = new HashMap<>(EdgeHarness.baseEnv(infra));
      env.put("REDIS_URL", redis.url());
      env.put("READ_YOUR_WRITES_TIMEOUT_MS", "0");
      try (EdgeService first = new EdgeService(EdgeConfig.fromEnv(env))) {
        ApiClient leaving = new ApiClient(first.baseUri());
        leaving.createSession(infra.uniqueName("jack"));
        ApiClient staying = new ApiClient(first.baseUri());
        staying.createSession(infra.uniqueName("kate"));
        String signedOut = leaving.cookie();
        assertThat(leaving.send(leaving.request("/sign-out").header("Origin", LiveSocket.origin(first.baseUri()))
            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(303);
        assertThat(new ApiClient(first.baseUri()).withCookie(signedOut).get("/api/v1/sessions").status())
            .isEqualTo(401);

        redis.kill();
        redis.restart();
        long restarted = System.nanoTime();

        // An instance that starts now finds no sign-outs at all; the copy of the signed-out cookie must not work.
        try (EdgeService later = new EdgeService(EdgeConfig.fromEnv(env))) {
          ApiClient copy = new ApiClient(later.baseUri()).withCookie(signedOut);
          assertThat(copy.get("/api/v1/sessions").status()).as("signed out before the loss").isEqualTo(401);
          ApiClient stayingThere = new ApiClient(later.baseUri()).withCookie(staying.cookie());
          assertThat(stayingThere.get("/api/v1/sessions").status()).as("signed in before the loss: again")
              .isEqualTo(401);
          await().atMost(Duration.ofSeconds(10))
              .until(() -> staying.get("/api/v1/sessions").status() == 401);
          long detectedMillis = (System.nanoTime() - restarted) / 1_000_000;
          ApiClient fresh = new ApiClient(later.baseUri());
          fresh.createSession(infra.uniqueName("liam"));
          assertThat(fresh.get("/api/v1/sessions").status()).as("a sign-in after the loss").isEqualTo(200);
          assertThat(new ApiClient(first.baseUri()).withCookie(fresh.cookie()).get("/api/v1/sessions").status())
              .as("and on the first instance").isEqualTo(200);
          System.out.printf("FIGURE SignInLifetimeIT.redisLoss: after Redis restarted empty, the signed-out cookie "
              + "401 on a new instance, sign-ins from before the loss 401 there at once and on the running instance "
              + "%d ms after the restart; new sign-ins 200 on both%n", detectedMillis);
        }
      }
    }
  }

  private static long expiryOf(String cookie) {
    String payload = new String(Base64.getUrlDecoder().decode(cookie.split("\\.")[1]), StandardCharsets.UTF_8);
    return Long.parseLong(payload.split("\\|")[1]);
  }
}
