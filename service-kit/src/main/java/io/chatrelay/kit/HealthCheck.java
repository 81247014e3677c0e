package io.chatrelay.kit;

/** One thing readiness depends on (Kafka reachable, Redis reachable, views caught up). Must return quickly. */
@FunctionalInterface
public interface HealthCheck {

  Status check();

  /** @param detail a short, safe sentence for operators; never secrets */
  record Status(boolean up, String detail) {

    public static Status up(String detail) {
      return new Status(true, detail);
    }

    public static Status down(String detail) {
      return new Status(false, detail);
    }
  }
}
