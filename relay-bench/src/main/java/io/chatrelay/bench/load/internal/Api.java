package io.chatrelay.bench.load.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The REST API as a browser calls it, over HTTP/1.1 keep-alive: the page's {@code Origin}, the {@code session}
 * cookie. One instance shares its connections among the threads that use it.
 */
public final class Api {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * A signed-in user's session: what a browser holds. Like a browser's cookie jar, the {@code session} cookie is
   * replaced whenever an answer sets a new one (a message POST does: it carries the write's log position).
   */
  public record Session(String userId, String sessionId, AtomicReference<String> jar) {

    public String cookie() {
      return jar.get();
    }

    void keep(HttpResponse<?> response) {
      sessionCookie(response).ifPresent(jar::set);
    }
  }

  /** One answer: status and body. */
  public record Answer(int status, String body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  private final String base;
  private final HttpClient http;

  public Api(String baseUrl) {
    this.base = baseUrl;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  public String base() {
    return base;
  }

  /** Signs in as {@code userId} (dev mode) and opens a session; the answer carries the cookie. */
  public CompletableFuture<Session> openSession(String userId) {
    String body = "{\"userId\":\"" + userId + "\",\"metadata\":{\"agentType\":\"BankRep\"}}";
    return http.sendAsync(post("/api/v1/sessions", body, null), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> {
          if (response.statusCode() != 201) {
            throw new IllegalStateException("creating a session answered " + response.statusCode() + " "
                + response.body());
          }
          String cookie = sessionCookie(response)
              .orElseThrow(() -> new IllegalStateException("no session cookie"));
          return new Session(userId, new Answer(201, response.body()).json().get("sessionId").asText(),
              new AtomicReference<>(cookie));
        });
  }

  private static Optional<String> sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith("session=")).map(c -> c.substring("session=".length()).split(";", 2)[0])
        .findFirst();
  }

  /** A further session for a signed-in user. */
  public Answer createSession(String cookie) {
    return send(post("/api/v1/sessions", "{\"metadata\":{\"agentType\":\"BankRep\"}}", cookie));
  }

  public Answer postMessage(Session session, String content) {
    HttpResponse<String> response = exchange(postMessageRequest(session, content));
    session.keep(response);
    return new Answer(response.statusCode(), response.body());
  }

  public CompletableFuture<Answer> postMessageAsync(Session session, String content) {
    return http.sendAsync(postMessageRequest(session, content), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> {
          session.keep(r);
          return new Answer(r.statusCode(), r.body());
        });
  }

  /** {@code GET /messages?limit=..[&before=..]}; {@code before} &lt; 0 means the newest. */
  public Answer history(Session session, int limit, long before) {
    String query = "?limit=" + limit + (before >= 0 ? "&before=" + before : "");
    return send(get("/api/v1/sessions/" + session.sessionId() + "/messages" + query, session.cookie()));
  }

  private Answer sessionInfo(Session session) {
    return send(get("/api/v1/sessions/" + session.sessionId(), session.cookie()));
  }

  /** How many entries (user messages and replies) the session's views hold. */
  public long messageCount(Session session) {
    Answer answer = sessionInfo(session);
    if (answer.status() != 200) {
      throw new IllegalStateException("GET session answered " + answer.status());
    }
    return answer.json().path("metadata").path("messageCount").asLong();
  }

  private HttpRequest postMessageRequest(Session session, String content) {
    String body = "{\"content\":" + JsonText.quote(content) + "}";
    return post("/api/v1/sessions/" + session.sessionId() + "/messages", body, session.cookie());
  }

  private HttpRequest post(String path, String body, String cookie) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Content-Type", "application/json").header("Origin", base)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", "session=" + cookie);
    }
    return b.build();
  }

  private HttpRequest get(String path, String cookie) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("Cookie", "session=" + cookie)
        .GET().build();
  }

  private Answer send(HttpRequest request) {
    HttpResponse<String> response = exchange(request);
    return new Answer(response.statusCode(), response.body());
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
