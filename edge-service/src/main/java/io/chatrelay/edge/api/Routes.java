package io.chatrelay.edge.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Method + path template routing. Unknown paths answer 404 and known paths with another method 405 with
 * {@code Allow}, both as problems.
 */
public final class Routes {

  private final RoutingHandler routing = new RoutingHandler(false);
  private final Map<String, Set<String>> methodsByTemplate = new LinkedHashMap<>();
  private final PathTemplateMatcher<String> templates = new PathTemplateMatcher<>();

  public Routes add(String method, String template, HttpHandler handler) {
    routing.add(method, template, handler);
    if (!methodsByTemplate.containsKey(template)) {
      templates.add(template, template);
    }
    methodsByTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(method);
    return this;
  }

  public HttpHandler build() {
    routing.setFallbackHandler(exchange -> Problems.send(exchange, Problem.notFound()));
    routing.setInvalidMethodHandler(this::methodNotAllowed);
    return routing;
  }

  private void methodNotAllowed(HttpServerExchange exchange) {
    PathTemplateMatcher.PathMatchResult<String> match = templates.match(exchange.getRelativePath());
    if (match != null) {
      exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", methodsByTemplate.get(match.getValue())));
    }
    Problems.send(exchange, Problem.methodNotAllowed(exchange.getRequestMethod().toString()));
  }
}
