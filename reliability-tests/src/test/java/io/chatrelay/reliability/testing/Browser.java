package io.chatrelay.reliability.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A REST client that keeps the session cookie the way a browser does, but in plain sight: tests can read it,
 * replace it with a forged one, drop it, and send any {@code Origin}. It sends the page's own origin on writes
 * unless told otherwise, as a browser on the chat page would. The cookie is {@code session}, or
 * {@code __Host-session} from an edge with {@code COOKIE_SECURE=true}.
 */
public final class Browser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private final String baseUrl;
  private final String origin;
  private volatile String cookieName;
  private volatile String cookie;
  private volatile String lastSetCookie;

  public Browser(String baseUrl) {
    this(baseUrl, null);
  }

  public Browser(String baseUrl, String cookie) {
    this(baseUrl, baseUrl, "session", cookie);
  }

  /**
   * @param origin the origin of the page this browser is on (the edge's {@code PUBLIC_ORIGIN})
   * @param cookieName the session cookie's name
   */
  public Browser(String baseUrl, String origin, String cookieName, String cookie) {
    this.baseUrl = baseUrl;
    this.origin = origin;
    this.cookieName = cookieName;
    this.cookie = cookie;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The {@code session} cookie's value, or null when not signed in. */
  public String cookie() {
    return cookie;
  }

  /** The last {@code Set-Cookie} header the edge sent for the session cookie. */
  public String lastSetCookie() {
    return lastSetCookie;
  }

  /** One answer: status, headers and the body as text (and JSON when it is). */
  public record Answer(int status, HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return body == null || body.isBlank() ? null : JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public Answer get(String path) {
    return call("GET", path, null, null, Map.of());
  }

  public Answer post(String path, String json) {
    return post(path, json, Map.of());
  }

  /** A JSON {@code POST} from the page, with {@code headers} (such as {@code Idempotency-Key}) besides its origin. */
  public Answer post(String path, String json, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Origin", origin);
    return call("POST", path, json, "application/json", all);
  }

  public Answer delete(String path) {
    return call("DELETE", path, null, null, Map.of("Origin", origin));
  }

  public Answer postForm(String path, String form) {
    return call("POST", path, form, "application/x-www-form-urlencoded", Map.of("Origin", origin));
  }

  /**
   * Any call: {@code headers} are sent as given (an {@code Origin} only if there), plus the cookie when signed in.
   * A {@code Cookie} entry in {@code headers} replaces the kept cookie for this call.
   */
  public Answer call(String method, String path, String body, String contentType, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    Map<String, String> all = new LinkedHashMap<>();
    if (cookie != null) {
      all.put("Cookie", cookieName + "=" + cookie);
    }
    if (contentType != null) {
      all.put("Content-Type", contentType);
    }
    all.putAll(headers);
    all.forEach((name, value) -> {
      if (value != null) {
        request.header(name, value);
      }
    });
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      keepCookie(response.headers());
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void keepCookie(HttpHeaders headers) {
    for (String setCookie : headers.allValues("Set-Cookie")) {
      if (setCookie.startsWith("session=") || setCookie.startsWith("__Host-session=")) {
        lastSetCookie = setCookie;
        cookieName = setCookie.substring(0, setCookie.indexOf('='));
        String value = setCookie.substring(setCookie.indexOf('=') + 1).split(";", 2)[0];
        cookie = value.isEmpty() || setCookie.contains("Max-Age=0") ? null : value;
      }
    }
  }

  /** Dev mode: signs in as {@code userId} if needed and opens a session with that persona; returns its id. */
  public String openSession(String userId, String agentType) {
    String user = userId == null ? "" : "\"userId\":\"" + userId + "\",";
    Answer created = post("/api/v1/sessions", "{" + user + "\"metadata\":{\"agentType\":\"" + agentType + "\"}}");
    if (created.status() != 201) {
      throw new AssertionError("creating a session answered " + created.status() + " " + created.body());
    }
    return created.json().get("sessionId").asText();
  }

  /** Sends a message over REST; returns the answer (200 with the stored message, or a problem). */
  public Answer send(String sessionId, String content) {
    return post("/api/v1/sessions/" + sessionId + "/messages", "{\"content\":" + quote(content) + "}");
  }

  /** The session's history, oldest first (up to 100). */
  public JsonNode history(String sessionId) {
    Answer answer = get("/api/v1/sessions/" + sessionId + "/messages?limit=100");
    if (answer.status() != 200) {
      throw new AssertionError("history answered " + answer.status() + " " + answer.body());
    }
    return answer.json().get("messages");
  }

  /** The session's whole history, oldest first, read page by page. */
  public java.util.List<JsonNode> fullHistory(String sessionId) {
    java.util.LinkedList<JsonNode> all = new java.util.LinkedList<>();
    String before = "";
    while (true) {
      Answer answer = get("/api/v1/sessions/" + sessionId + "/messages?limit=100" + before);
      if (answer.status() != 200) {
        throw new AssertionError("history answered " + answer.status() + " " + answer.body());
      }
      JsonNode page = answer.json().get("messages");
      for (int i = page.size() - 1; i >= 0; i--) {
        all.addFirst(page.get(i));
      }
      if (page.size() < 100) {
        return all;
      }
      before = "&before=" + page.get(0).get("seq").asLong();
    }
  }

  public static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
