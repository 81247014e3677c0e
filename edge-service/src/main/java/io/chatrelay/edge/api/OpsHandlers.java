package io.chatrelay.edge.api;

import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;

/**
 * {@code /health/live} on the public port. Readiness and metrics are on the ops listener (service-kit's
 * {@code OpsServer}), started by {@code EdgeService}.
 */
public final class OpsHandlers {

  private OpsHandlers() {}

  public static HttpHandler live() {
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      exchange.getResponseSender().send("{\"status\":\"UP\"}");
    };
  }
}
