package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({RelayInfraExtension.class, ProjectorFixture.PerTest.class})
class OpsEndpointsIT {

  private final TestEvents events = new TestEvents();

  @Test
  void shouldReportReadyAndCountAppliedEvents(ProjectorFixture fixture) throws Exception {
    String prefix = fixture.infra.uniqueName("views") + ":";
    try (SessionProjector projector = fixture.start(prefix, fixture.infra.uniqueName("projector"))) {
      int port = projector.opsPort();
      await().atMost(ProjectorFixture.WAIT).until(() -> OpsClient.get(port, "/health/ready").statusCode() == 200);
      assertThat(OpsClient.get(port, "/health/ready").body())
          .contains("\"status\":\"UP\"").contains("\"redis\"").contains("\"streams\"");
      assertThat(OpsClient.get(port, "/health/live").statusCode()).isEqualTo(200);

      fixture.positions(prefix)
          .awaitApplied(fixture.log.send(events.created(UUID.randomUUID().toString(), "user-ops")));

      String metrics = OpsClient.get(port, "/metrics").body();
      assertThat(metrics)
          .containsPattern("projector_events_total\\{[^}]*outcome=\"applied\"[^}]*type=\"SessionCreated\"")
          .contains("projector_redis_flush_seconds_count")
          .contains("projector_batch_size_count")
          .contains("records_lag");
    }
  }

  @Test
  void shouldReportNotReadyWhileRedisIsDown(ProjectorFixture fixture) throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
      Map<String, String> env =
          fixture.env(fixture.infra.uniqueName("views") + ":", fixture.infra.uniqueName("projector"));
      env.put("REDIS_URL", redis.url());
      try (SessionProjector projector = new SessionProjector(ProjectorConfig.fromEnv(env))) {
        int port = projector.opsPort();
        await().atMost(ProjectorFixture.WAIT).until(() -> OpsClient.get(port, "/health/ready").statusCode() == 200);

        redis.stop();

        HttpResponse<String> down = OpsClient.get(port, "/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("Redis does not answer PING");
        redis.restart();
        await().atMost(ProjectorFixture.WAIT).until(() -> OpsClient.get(port, "/health/ready").statusCode() == 200);
      }
    }
  }
}
