package io.chatrelay.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatrelay.events.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness checks of one service, and its liveness. Liveness is the process answering, until the service marks
 * itself not live (it stopped by itself and wants a restart); readiness is every check up.
 * A check that throws counts as down. The report names each check and its state; an exception's class and text
 * go to the log only, because they can name hosts, users and internal addresses, and the report is read by
 * whoever can reach the ops port.
 */
public final class Health {

  /** The detail of a check that threw: says what happened, not what the exception said. */
  public static final String CHECK_FAILED = "check failed (see the service log)";

  private static final Logger LOG = LoggerFactory.getLogger(Health.class);

  private final ConcurrentMap<String, HealthCheck> checks = new ConcurrentHashMap<>();
  private volatile String notLive;

  public Health register(String name, HealthCheck check) {
    checks.put(name, check);
    return this;
  }

  /** Liveness goes down for good: the service has stopped by itself and only a restart brings it back. */
  public void markNotLive(String reason) {
    notLive = reason;
  }

  /** What {@code /health/live} answers: up, or down with the reason the service gave when it stopped. */
  public Report live() {
    String reason = notLive;
    return new Report(reason == null, Map.of("process",
        reason == null ? HealthCheck.Status.up("running") : HealthCheck.Status.down(reason)));
  }

  public Report ready() {
    Map<String, HealthCheck.Status> results = new LinkedHashMap<>();
    checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
      HealthCheck.Status status;
      try {
        status = entry.getValue().check();
      } catch (RuntimeException e) {
        LOG.warn("readiness check {} failed", entry.getKey(), e);
        status = HealthCheck.Status.down(CHECK_FAILED);
      }
      results.put(entry.getKey(), status);
    });
    boolean up = results.values().stream().allMatch(HealthCheck.Status::up);
    return new Report(up, results);
  }

  /** What {@code /health/ready} answers: {@code {"status":"UP"|"DOWN","checks":{name:{up,detail}}}}. */
  public record Report(boolean up, Map<String, HealthCheck.Status> checks) {

    public int httpStatus() {
      return up ? 200 : 503;
    }

    public String toJson() {
      try {
        return Json.mapper().writeValueAsString(Map.of("status", up ? "UP" : "DOWN", "checks", checks));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
