package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.edge.auth.SignedOutCookies;
import io.chatrelay.edge.views.RedisClients;
import io.chatrelay.infra.RedisCluster;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * A sign-out on one edge reaches the others through Redis pub/sub (sharded on a cluster), not only through their
 * periodic read of the sign-out list: here that read comes only once an hour, so hearing of it within seconds can
 * only be the announcement.
 */
@ExtendWith(RelayInfraExtension.class)
class SignOutAnnouncementsIT {

  private static final Duration HOURLY = Duration.ofHours(1);

  @Test
  void shouldTellTheOtherInstancesAtOnceOnOneRedisServer(RelayInfra infra) {
    assertAnnounced(infra.redisUrl(), infra.uniqueName("signout") + ":");
  }

  @Test
  void shouldTellTheOtherInstancesAtOnceOnARedisCluster(@TempDir Path dir) {
    try (RedisCluster cluster = RedisCluster.start(dir, 3, 0, Duration.ofSeconds(5))) {
      assertAnnounced(cluster.url(), "signout-" + UUID.randomUUID().toString().substring(0, 6) + ":");
    }
  }

  private static void assertAnnounced(String redisUrl, String prefix) {
    RedisClients clients = new RedisClients(URI.create(redisUrl));
    List<String> heardHere = new CopyOnWriteArrayList<>();
    List<String> heardThere = new CopyOnWriteArrayList<>();
    long expiry = Clock.systemUTC().instant().plusSeconds(3600).getEpochSecond();
    try (UnifiedJedis redis = clients.pooled(4);
        SignedOutCookies here = new SignedOutCookies(redis, clients.channels(), prefix, HOURLY, HOURLY,
            Clock.systemUTC(), heardHere::add);
        SignedOutCookies there = new SignedOutCookies(redis, clients.channels(), prefix, HOURLY, HOURLY,
            Clock.systemUTC(), heardThere::add)) {
      // The follower subscribes on a thread of its own: wait until a first announcement gets through.
      await().atMost(Duration.ofSeconds(15)).until(() -> {
        here.signOut("warm-up", "warm-up-" + UUID.randomUUID(), expiry);
        return !heardThere.isEmpty();
      });

      here.signOut("alice", "sign-in-1", expiry);

      await().atMost(Duration.ofSeconds(10)).until(() -> heardThere.contains("sign-in-1"));
      assertThat(there.isRevoked("sign-in-1", Clock.systemUTC().millis())).isTrue();
      assertThat(there.isRevoked("sign-in-2", Clock.systemUTC().millis())).isFalse();
      assertThat(heardHere).contains("sign-in-1");
    }
  }
}
