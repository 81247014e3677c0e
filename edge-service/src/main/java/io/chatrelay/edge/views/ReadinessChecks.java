package io.chatrelay.edge.views;

import io.chatrelay.edge.log.KafkaProbe;
import io.chatrelay.kit.Health;
import io.chatrelay.kit.HealthCheck;
import java.util.Map;

/**
 * What "ready" means for the edge: Kafka answers, Redis answers, and the views are close enough to the log that a
 * write's read-your-writes wait will be short.
 */
public final class ReadinessChecks {

  private ReadinessChecks() {}

  public static Health register(Health health, KafkaProbe kafka, ViewReader views, long maxLag) {
    return health
        .register("kafka", () -> {
          KafkaProbe.Snapshot s = kafka.snapshot();
          return s.reachable() ? HealthCheck.Status.up(s.detail()) : HealthCheck.Status.down(s.detail());
        })
        .register("redis", () -> {
          String pong = views.ping();
          return "PONG".equalsIgnoreCase(pong) ? HealthCheck.Status.up("PING answered")
              : HealthCheck.Status.down("PING answered " + pong);
        })
        .register("projection", () -> projection(kafka.snapshot(), views, maxLag));
  }

  static HealthCheck.Status projection(KafkaProbe.Snapshot kafka, ViewReader views, long maxLag) {
    if (!kafka.reachable()) {
      return HealthCheck.Status.down("log end offsets unknown (Kafka unreachable)");
    }
    return lagStatus(kafka.endOffsets(), ProjectionPositions.parseHash(views.positions()), maxLag);
  }

  /** Events in the log the projector has not applied yet, summed over partitions. */
  public static HealthCheck.Status lagStatus(Map<Integer, Long> endOffsets, Map<Integer, Long> positions,
      long maxLag) {
    long lag = 0;
    for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
      lag += Math.max(0, end.getValue() - positions.getOrDefault(end.getKey(), 0L));
    }
    String detail = "views are " + lag + " event(s) behind the log (limit " + maxLag + ")";
    return lag <= maxLag ? HealthCheck.Status.up(detail) : HealthCheck.Status.down(detail);
  }
}
