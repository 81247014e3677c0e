package io.chatrelay.infra.junit;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks what RelayInfra decides before any server is started; servers start lazily, so nothing runs here. */
class RelayInfraTest {

    private static final Pattern LEGAL_TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    @Test
    void shouldHandOutDistinctNamesThatAreLegalTopicNames() {
        RelayInfra infra = new RelayInfra(Map.of());

        String first = infra.uniqueName("chat-messages");
        String second = infra.uniqueName("chat-messages");

        assertThat(first).isNotEqualTo(second).startsWith("chat-messages-").matches(LEGAL_TOPIC_NAME);
        assertThat(second).startsWith("chat-messages-").matches(LEGAL_TOPIC_NAME);
    }

    @Test
    void shouldRefusePrefixThatCannotBeATopicName() {
        RelayInfra infra = new RelayInfra(Map.of());

        assertThatThrownBy(() -> infra.uniqueName("chat messages"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'chat messages'");
        assertThatThrownBy(() -> infra.uniqueName(""))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseTopicWithoutPartitionsBeforeStartingAnything() {
        RelayInfra infra = new RelayInfra(Map.of());

        assertThatThrownBy(() -> infra.createTopic("chat-messages", 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("was 0");
    }

    @Test
    void shouldUseExternalRedisWhenRedisUrlIsSet() {
        RelayInfra infra = new RelayInfra(Map.of(RelayInfra.REDIS_URL_ENV, "redis://redis.internal:6380"));

        assertThat(infra.redisUrl()).isEqualTo("redis://redis.internal:6380");
        assertThat(infra.redis()).isNull();
    }

    @Test
    void shouldRefuseUseAfterClose() {
        RelayInfra infra = new RelayInfra(Map.of());
        infra.close();
        infra.close();

        assertThatThrownBy(infra::kafka).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
