package io.chatrelay.edge.api;

import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost handler: times every request per route, makes sure no error ever reaches the client as anything but
 * a problem body (never Undertow's empty error or a stack trace), and tells browsers never to guess a response's
 * type ({@code X-Content-Type-Options: nosniff}): a JSON answer echoing a user's text must not be run as a page.
 */
public final class RootHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RootHandler.class);
  private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");

  private final HttpHandler next;
  private final EdgeMetrics metrics;

  public RootHandler(HttpHandler next, EdgeMetrics metrics) {
    this.next = Objects.requireNonNull(next, "next");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Timer.Sample sample = metrics.start();
    exchange.getResponseHeaders().put(NOSNIFF, "nosniff");
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      String method = ex.getRequestMethod().toString();
      metrics.request(sample, KNOWN_METHODS.contains(method) ? method : "OTHER", ApiHandler.routeOf(ex),
          ex.getStatusCode());
      nextListener.proceed();
    });
    exchange.addDefaultResponseListener(ex -> {
      if (ex.isResponseStarted() || ex.getStatusCode() < 400) {
        return false;
      }
      int status = ex.getStatusCode();
      Problems.send(ex, status >= 500 ? Problem.internal()
          : new Problem(status, "http-" + status, StatusCodes.getReason(status), StatusCodes.getReason(status)));
      return true;
    });
    try {
      next.handleRequest(exchange);
    } catch (Exception e) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), ApiHandler.routeOf(exchange), e);
      Problems.send(exchange, Problem.internal());
    }
  }
}
