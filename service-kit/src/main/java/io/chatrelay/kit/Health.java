package io.chatrelay.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatrelay.events.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The readiness checks of one service. Liveness is the process answering at all; readiness is every check up.
 * A check that throws counts as down with the exception's message.
 */
public final class Health {

  private final ConcurrentMap<String, HealthCheck> checks = new ConcurrentHashMap<>();

  public Health register(String name, HealthCheck check) {
    checks.put(name, check);
    return this;
  }

  public Report ready() {
    Map<String, HealthCheck.Status> results = new LinkedHashMap<>();
    checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
      HealthCheck.Status status;
      try {
        status = entry.getValue().check();
      } catch (RuntimeException e) {
        status = HealthCheck.Status.down(e.getClass().getSimpleName() + ": " + e.getMessage());
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
