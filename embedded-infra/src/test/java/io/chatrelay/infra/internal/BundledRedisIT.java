package io.chatrelay.infra.internal;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fallback for machines without a system redis-server: the binary shipped in the jar must run too. */
class BundledRedisIT {

    @Test
    void shouldServeCommandsFromBundledBinaryAndStopOnClose() {
        int port = FreePorts.pick();
        RedisProcess redis = RedisProcess.start(RedisBinary.bundled(), port, List.of("--save", "", "--appendonly", "no"));
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            jedis.set("k", "v");
            assertThat(jedis.get("k")).isEqualTo("v");
        } finally {
            redis.close();
        }

        assertThat(redis.isAlive()).isFalse();
    }
}
