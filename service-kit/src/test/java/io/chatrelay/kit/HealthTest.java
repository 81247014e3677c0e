package io.chatrelay.kit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void shouldNameAFailedCheckWithoutTheExceptionsClassOrText() {
    Health health = new Health()
        .register("redis", () -> {
          throw new IllegalStateException("cannot reach redis://admin:hunter2@10.1.2.3:6379");
        })
        .register("kafka", () -> HealthCheck.Status.up("1 broker(s) reachable"));

    Health.Report report = health.ready();

    assertThat(report.httpStatus()).isEqualTo(503);
    assertThat(report.toJson())
        .contains("\"status\":\"DOWN\"", "\"redis\"", "\"kafka\"", Health.CHECK_FAILED)
        .doesNotContain("hunter2", "10.1.2.3", "IllegalStateException", "cannot reach");
  }

  @Test
  void shouldStayLiveUntilTheServiceSaysItStoppedAndThenStayDown() {
    Health health = new Health().register("kafka", () -> HealthCheck.Status.up("1 broker(s) reachable"));
    assertThat(health.live().httpStatus()).isEqualTo(200);
    assertThat(health.live().toJson()).contains("\"status\":\"UP\"");

    health.markNotLive("stopped by a fatal Kafka error (see the service log)");

    assertThat(health.live().httpStatus()).isEqualTo(503);
    assertThat(health.live().toJson()).contains("\"status\":\"DOWN\"", "stopped by a fatal Kafka error");
  }
}
