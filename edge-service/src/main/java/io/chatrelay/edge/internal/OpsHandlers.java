package io.chatrelay.edge.internal;

import io.chatrelay.kit.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}. */
public final class OpsHandlers {

  private OpsHandlers() {}

  public static HttpHandler live() {
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      exchange.getResponseSender().send("{\"status\":\"UP\"}");
    };
  }

  /** Readiness talks to Kafka and Redis: 200 with the report when every check is up, 503 with it otherwise. */
  public static HttpHandler ready(Health health) {
    return onWorker(exchange -> {
      Health.Report report = health.ready();
      exchange.setStatusCode(report.httpStatus());
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      exchange.getResponseSender().send(report.toJson());
    });
  }

  public static HttpHandler metrics(PrometheusMeterRegistry registry) {
    return onWorker(exchange -> {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      exchange.getResponseSender().send(registry.scrape());
    });
  }

  /** Moves a blocking handler off the I/O thread; failures still end as problems via the root handler. */
  private static HttpHandler onWorker(HttpHandler blocking) {
    return exchange -> {
      if (exchange.isInIoThread()) {
        exchange.dispatch(blocking);
      } else {
        blocking.handleRequest(exchange);
      }
    };
  }
}
