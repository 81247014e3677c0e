package io.chatrelay.launcher.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A client of the REST API that behaves like one browser: it keeps whatever cookies the edge sets. */
public final class Browserless {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;

  public Browserless(String baseUrl) {
    this.base = URI.create(baseUrl + "/");
    this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The signed {@code session} cookie's value, to open a WebSocket as this browser. */
  public String sessionCookie() {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("session"))
        .findFirst().orElseThrow(() -> new AssertionError("not signed in")).getValue();
  }

  /** Status and parsed JSON body of one call. */
  public record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  public Answer get(String path) {
    return call(HttpRequest.newBuilder(base.resolve(path.substring(1))).GET());
  }

  public Answer post(String path, String json) {
    return call(HttpRequest.newBuilder(base.resolve(path.substring(1)))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer delete(String path) {
    return call(HttpRequest.newBuilder(base.resolve(path.substring(1))).DELETE());
  }

  /** Signs in as {@code userId} (dev mode) if needed and opens a session with that persona; returns its id. */
  public String openSession(String userId, String agentType) {
    Answer created = post("/api/v1/sessions",
        "{\"userId\":\"" + userId + "\",\"metadata\":{\"agentType\":\"" + agentType + "\"}}");
    if (created.status() != 201) {
      throw new AssertionError("creating a session answered " + created.status() + " " + created.raw().body());
    }
    return created.body().get("sessionId").asText();
  }

  private Answer call(HttpRequest.Builder request) {
    try {
      // As the chat page's own fetch would: the edge wants Origin or this when a write carries the cookie.
      HttpResponse<String> response = http.send(request.header("Sec-Fetch-Site", "same-origin")
          .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
      return new Answer(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
