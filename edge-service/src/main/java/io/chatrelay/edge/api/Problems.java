package io.chatrelay.edge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatrelay.events.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Writes problems as {@code application/problem+json}: {@code {type, title, status, detail}}, nothing else. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://chat-relay.dev/problems/";

  private Problems() {}

  public static String body(Problem problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + problem.slug());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a problem body", e);
    }
  }

  /** Sends the problem and ends the exchange; does nothing when a response has already started. */
  public static void send(HttpServerExchange exchange, Problem problem) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(problem.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    problem.headers().forEach((name, value) -> exchange.getResponseHeaders().put(
        new io.undertow.util.HttpString(name), value));
    exchange.getResponseSender().send(body(problem));
  }

  /** The problem a failure stands for; anything not already a {@link Problem} is an internal error. */
  public static Problem of(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause instanceof Problem p ? p : Problem.internal();
  }

  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
