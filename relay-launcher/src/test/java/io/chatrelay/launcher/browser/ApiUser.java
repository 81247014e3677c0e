package io.chatrelay.launcher.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The same person as the browser, talking to the REST API with the browser's sign-in cookie (another "tab"), and
 * keeping the cookie the answers set, as a browser does.
 */
final class ApiUser {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private volatile String cookie;

  ApiUser(String baseUrl, String cookie) {
    this.baseUrl = baseUrl;
    this.cookie = cookie;
  }

  /** Sends a message; returns its seq. */
  long send(String sessionId, String content) {
    String body = Json.mapper().createObjectNode().put("content", content).toString();
    JsonNode answer = call(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/sessions/" + sessionId + "/messages"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 200);
    return answer.path("message").path("seq").asLong();
  }

  /** The conversation's history (up to 100 messages), oldest first. */
  List<JsonNode> messages(String sessionId) {
    JsonNode answer = call(HttpRequest.newBuilder(
        URI.create(baseUrl + "/api/v1/sessions/" + sessionId + "/messages?limit=100")).GET(), 200);
    List<JsonNode> out = new ArrayList<>();
    answer.path("messages").forEach(out::add);
    return out;
  }

  private JsonNode call(HttpRequest.Builder request, int expected) {
    try {
      // As the chat page's own fetch: the edge wants Origin or this with the cookie on a write.
      HttpResponse<String> response = HTTP.send(request.header("Cookie", "session=" + cookie)
          .header("Sec-Fetch-Site", "same-origin")
          .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
      response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("session=")).findFirst()
          .ifPresent(c -> cookie = c.substring("session=".length()).split(";", 2)[0]);
      if (response.statusCode() != expected) {
        throw new AssertionError(request.build().uri() + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
