package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisUrlsTest {

  @Test
  void shouldMaskPasswordButKeepUserAndHost() {
    assertThat(RedisUrls.mask("redis://app:pa55@cache.internal:6380/1"))
        .isEqualTo("redis://app:***@cache.internal:6380/1");
  }

  @Test
  void shouldMaskUserInfoWithoutColonEntirely() {
    assertThat(RedisUrls.mask("rediss://tokenvalue@cache:6379")).isEqualTo("rediss://***@cache:6379");
  }

  @Test
  void shouldLeaveUrlWithoutCredentialsAlone() {
    assertThat(RedisUrls.mask("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void shouldAcceptRedisAndRedissButNotOtherSchemesOrMissingHost() {
    assertThat(RedisUrls.problem("redis://127.0.0.1:6379")).isNull();
    assertThat(RedisUrls.problem("rediss://cache:6380/0")).isNull();
    assertThat(RedisUrls.problem("tcp://cache:6379")).contains("scheme");
    assertThat(RedisUrls.problem("redis://")).isNotNull();
    assertThat(RedisUrls.problem("redis://bad host:6379")).contains("not a URL");
  }
}
