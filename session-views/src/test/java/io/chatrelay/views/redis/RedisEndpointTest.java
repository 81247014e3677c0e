package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.views.redis.RedisEndpoint.Kind;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisEndpointTest {

  @Test
  void shouldMaskPasswordButKeepUserAndHost() {
    assertThat(RedisEndpoint.mask("redis://app:pa55@cache.internal:6380/1"))
        .isEqualTo("redis://app:***@cache.internal:6380/1");
    assertThat(RedisEndpoint.mask("redis-cluster://app:pa55@h1:7000,h2:7001"))
        .isEqualTo("redis-cluster://app:***@h1:7000,h2:7001");
  }

  @Test
  void shouldMaskUserInfoWithoutColonEntirely() {
    assertThat(RedisEndpoint.mask("rediss://tokenvalue@cache:6379")).isEqualTo("rediss://***@cache:6379");
  }

  @Test
  void shouldLeaveUrlWithoutCredentialsAlone() {
    assertThat(RedisEndpoint.mask("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void shouldReadOneServerWithCredentialsDatabaseAndTls() {
    RedisEndpoint e = RedisEndpoint.parse("rediss://app:p%40ss+word@cache.internal:6380/2");
    assertThat(e.kind()).isEqualTo(Kind.STANDALONE);
    assertThat(e.nodes()).containsExactly(new HostAndPort("cache.internal", 6380));
    assertThat(e.user()).isEqualTo("app");
    assertThat(e.password()).isEqualTo("p@ss+word");
    assertThat(e.database()).isEqualTo(2);
    assertThat(e.tls()).isTrue();
    assertThat(e.cluster()).isFalse();
    assertThat(RedisEndpoint.parse("redis://cache").nodes()).containsExactly(new HostAndPort("cache", 6379));
  }

  @Test
  void shouldReadAClusterSeedList() {
    RedisEndpoint e = RedisEndpoint.parse("redis-cluster://:secret@10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002");
    assertThat(e.kind()).isEqualTo(Kind.CLUSTER);
    assertThat(e.cluster()).isTrue();
    assertThat(e.nodes()).containsExactly(new HostAndPort("10.0.0.1", 7000), new HostAndPort("10.0.0.2", 7001),
        new HostAndPort("::1", 7002));
    assertThat(e.user()).isNull();
    assertThat(e.password()).isEqualTo("secret");
    assertThat(RedisEndpoint.parse("rediss-cluster://h1:7000").tls()).isTrue();
  }

  @Test
  void shouldReadSentinelsAndTheMasterName() {
    RedisEndpoint e = RedisEndpoint.parse("redis-sentinel://s1:26379,s2:26380/mymaster/3");
    assertThat(e.kind()).isEqualTo(Kind.SENTINEL);
    assertThat(e.nodes()).containsExactly(new HostAndPort("s1", 26379), new HostAndPort("s2", 26380));
    assertThat(e.master()).isEqualTo("mymaster");
    assertThat(e.database()).isEqualTo(3);
  }

  @Test
  void shouldRefuseWhatCannotBeConnectedToWithTheReason() {
    assertThat(RedisEndpoint.problem("redis://127.0.0.1:6379")).isNull();
    assertThat(RedisEndpoint.problem("tcp://cache:6379")).contains("scheme");
    assertThat(RedisEndpoint.problem("cache:6379")).contains("not a URL");
    assertThat(RedisEndpoint.problem("redis://")).contains("must name a host");
    assertThat(RedisEndpoint.problem("redis://bad host:6379")).contains("not a host name");
    assertThat(RedisEndpoint.problem("redis://cache:port")).contains("not a number");
    assertThat(RedisEndpoint.problem("redis://cache:70000")).contains("out of range");
    assertThat(RedisEndpoint.problem("redis://a:1,b:2")).contains("redis-cluster://");
    assertThat(RedisEndpoint.problem("redis://cache/x")).contains("database");
    assertThat(RedisEndpoint.problem("redis-cluster://a:1,,b:2")).contains("empty host");
    assertThat(RedisEndpoint.problem("redis-cluster://a:1/3")).contains("database 0 only");
    assertThat(RedisEndpoint.problem("redis-sentinel://s1:26379")).contains("master");
    assertThat(RedisEndpoint.problem("redis://cache?timeout=1")).contains("query");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://s1:26379/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master");
  }

  @Test
  void shouldNeverPrintThePassword() {
    assertThat(RedisEndpoint.parse("redis://app:hunter2@cache:6379").toString()).doesNotContain("hunter2");
  }
}
