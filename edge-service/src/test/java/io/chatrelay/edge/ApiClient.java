package io.chatrelay.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One browser, as far as the REST API can tell: it keeps the session cookie it was given ({@code session}, or
 * {@code __Host-session} from an edge with {@code COOKIE_SECURE=true}) and sends it back under that name.
 */
final class ApiClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private volatile String cookie;
  private volatile String cookieName = "session";

  ApiClient(URI base) {
    this.base = base;
  }

  record Response(int status, HttpHeaders headers, String body) {

    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    String contentType() {
      return header("Content-Type").orElse("");
    }
  }

  String cookie() {
    return cookie;
  }

  ApiClient withCookie(String value) {
    this.cookie = value;
    return this;
  }

  ApiClient withCookie(String name, String value) {
    this.cookieName = name;
    this.cookie = value;
    return this;
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15));
    if (cookie != null) {
      // As a browser does on a fetch from the edge's own page: the edge wants it (or Origin) with the cookie.
      builder.header("Cookie", cookieName + "=" + cookie).header("Sec-Fetch-Site", "same-origin");
    }
    return builder;
  }

  Response get(String path) {
    return send(request(path).GET());
  }

  Response post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response post(String path, String json, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(builder::header);
    return send(builder);
  }

  Response delete(String path) {
    return send(request(path).DELETE());
  }

  Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      response.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("session=") || c.startsWith("__Host-session="))
          .findFirst()
          .ifPresent(c -> {
            cookieName = c.substring(0, c.indexOf('='));
            cookie = c.substring(c.indexOf('=') + 1, c.indexOf(';'));
          });
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a session, signing in as {@code userId} (dev mode) when not signed in yet; returns its id. */
  String createSession(String userId) {
    Response r = post("/api/v1/sessions", userId == null ? "{}" : "{\"userId\":\"" + userId + "\"}");
    if (r.status() != 201) {
      throw new AssertionError("session creation answered " + r.status() + ": " + r.body());
    }
    return r.json().get("sessionId").asText();
  }
}
