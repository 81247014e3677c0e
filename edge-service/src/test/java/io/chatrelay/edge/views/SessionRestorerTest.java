package io.chatrelay.edge.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.events.SessionIds;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.SessionExpiry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Ids that cannot be found cheaply are answered before any connection is opened (nothing listens here). */
class SessionRestorerTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static boolean restore(String sessionId) {
    try (RedisClient redis = RedisClient.create(URI.create("redis://127.0.0.1:1"));
        SessionRestorer restorer = new SessionRestorer(KafkaSettings.of("127.0.0.1:1"), "redis://127.0.0.1:1",
            redis, new LiveViewKeys(new ViewKeys("relay:")), new RateLimit(1, 1, CLOCK), new SimpleMeterRegistry(),
            new SessionExpiry(Duration.ZERO, CLOCK))) {
      return restorer.restore(sessionId, "alice");
    }
  }

  @Test
  void shouldNotLookForRandomVersion4Ids() {
    assertThat(restore(UUID.randomUUID().toString())).isFalse();
  }

  @Test
  void shouldNotLookForIdsThatAreNotUuids() {
    assertThat(restore("not-a-session")).isFalse();
    assertThat(restore("")).isFalse();
  }

  @Test
  void shouldNotLookForIdsCreatedInTheFuture() {
    String later = SessionIds.newId(Clock.fixed(NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC)).toString();

    assertThat(restore(later)).isFalse();
  }
}
