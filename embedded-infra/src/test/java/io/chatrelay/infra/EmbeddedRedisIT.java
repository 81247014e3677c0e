package io.chatrelay.infra;

import io.chatrelay.infra.internal.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedRedisIT {

    @Test
    void shouldStoreAndReadBackValue() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(0); Jedis jedis = new Jedis(URI.create(redis.url()))) {
            jedis.set("session:1:title", "Trip planning");

            assertThat(jedis.get("session:1:title")).isEqualTo("Trip planning");
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
        }
    }

    @Test
    void shouldRestartOnSamePortWithEmptyMemoryWhenNotPersistent() {
        int port = FreePorts.pick();
        try (EmbeddedRedis redis = EmbeddedRedis.start(port)) {
            try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                jedis.set("greeting", "hello");
            }

            redis.restart();

            assertThat(redis.port()).isEqualTo(port);
            try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                assertThat(jedis.ping()).isEqualTo("PONG");
                assertThat(jedis.get("greeting")).isNull();
            }
        }
    }

    @Test
    void shouldKeepDataAcrossRestartWhenGivenDataDir(@TempDir Path dataDir) {
        try (EmbeddedRedis redis = EmbeddedRedis.start(dataDir, 0)) {
            try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                jedis.set("greeting", "hello");
            }

            redis.restart();

            try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                assertThat(jedis.get("greeting")).isEqualTo("hello");
            }
        }
    }

    @Test
    void shouldRefuseConnectionsWhileStopped() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
            redis.stop();

            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> {
                try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                    jedis.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
        }
    }

    @Test
    void shouldFailToStartOnPortAlreadyInUseWithTheReason() {
        try (EmbeddedRedis first = EmbeddedRedis.start(0)) {
            assertThatThrownBy(() -> EmbeddedRedis.start(first.port()).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("port " + first.port())
                .hasMessageContaining("exited")
                .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void shouldIgnoreSecondCloseAndRefuseRestartAfterClose() {
        EmbeddedRedis redis = EmbeddedRedis.start(0);
        redis.close();
        redis.close();

        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
