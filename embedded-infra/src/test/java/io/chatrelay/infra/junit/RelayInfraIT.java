package io.chatrelay.infra.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RelayInfraExtension.class)
class RelayInfraIT {

    @Test
    void shouldRefuseToCreateTopicThatAlreadyExists(RelayInfra infra) {
        String topic = infra.createTopic(infra.uniqueName("taken"), 1);

        assertThatThrownBy(() -> infra.createTopic(topic, 1))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(topic);
    }

    @Test
    void shouldServeRedisAtTheAdvertisedUrl(RelayInfra infra) {
        String key = infra.uniqueName("view") + ":title";
        try (Jedis jedis = new Jedis(URI.create(infra.redisUrl()))) {
            jedis.set(key, "Trip planning");

            assertThat(jedis.get(key)).isEqualTo("Trip planning");
        }
    }

    @Test
    void shouldRestartServersThatATestLeftStopped(RelayInfra infra) {
        infra.kafka().stop();
        if (infra.redis() != null) {
            infra.redis().stop();
        }

        infra.restartStoppedServers();

        assertThat(infra.kafka().isRunning()).isTrue();
        if (infra.redis() != null) {
            assertThat(infra.redis().isRunning()).isTrue();
        }
    }
}
