package io.chatrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A browser's WebSocket to one session on the edge, as far as the edge can tell: the session cookie, the page's
 * {@code Origin}, perhaps a {@code lastSeq} to resume after, and message frames shaped as the chat page's script
 * sends them. Tests of who may connect build the handshake themselves with {@link #attempt}.
 */
public final class LiveSocket extends JsonSocket {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveSocket() {}

  public static String path(String sessionId) {
    return "/api/v1/sessions/" + sessionId + "/ws";
  }

  /** The Origin a page served by {@code base} sends. */
  public static String origin(URI base) {
    return base.getScheme() + "://" + base.getAuthority();
  }

  /** The session's socket on the edge at {@code base} ({@code ws:}, or {@code wss:} for https). */
  public static URI uri(URI base, String sessionId) {
    String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + base.getAuthority() + path(sessionId));
  }

  /** A browser's handshake headers; a null cookie or origin is left out, as a browser would in some cases. */
  public static Map<String, String> headers(String cookie, String origin) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (cookie != null) {
      headers.put("Cookie", "session=" + cookie);
    }
    if (origin != null) {
      headers.put("Origin", origin);
    }
    return headers;
  }

  /** Opens the session's socket as a page of {@code base}'s own origin would; fails if refused. */
  public static LiveSocket open(URI base, String sessionId, String cookie) {
    return open(uri(base, sessionId), headers(cookie, origin(base)));
  }

  public static LiveSocket open(String baseUrl, String sessionId, String cookie) {
    return open(URI.create(baseUrl), sessionId, cookie);
  }

  /** Opens the socket asking for everything after {@code lastSeq} first (-1: the whole history). */
  public static LiveSocket resume(URI base, String sessionId, String cookie, long lastSeq) {
    return open(URI.create(uri(base, sessionId) + "?lastSeq=" + lastSeq), headers(cookie, origin(base)));
  }

  public static LiveSocket resume(String baseUrl, String sessionId, String cookie, long lastSeq) {
    return resume(URI.create(baseUrl), sessionId, cookie, lastSeq);
  }

  /** Opens a socket with exactly these headers; fails if refused. */
  public static LiveSocket open(URI uri, Map<String, String> headers) {
    return attempt(uri, headers).opened();
  }

  /** Tries a handshake with exactly these headers: no cookie or Origin unless given. */
  public static Handshake<LiveSocket> attempt(URI uri, Map<String, String> headers) {
    return connect(new LiveSocket(), uri, headers);
  }

  /** Sends a message as the chat page does; fails when the socket cannot take it. */
  public void sendMessage(String id, String content) {
    send(messageFrame(id, content));
  }

  /** A message frame as the chat page sends it, for a client that sends it another way. */
  public static String messageFrame(String id, String content) {
    return JSON.createObjectNode().put("id", id).put("type", "message").put("content", content).toString();
  }

  /** The edge's answer to the message with this id: its ack or its error. */
  public static Predicate<JsonNode> answerTo(String id) {
    return frame -> id.equals(frame.path("id").asText()) && (ofType("ack").test(frame) || ofType("error").test(frame));
  }

  /** Returns {@code frame}, failing unless it is the ack of the message with this id. */
  public static JsonNode ack(JsonNode frame, String id) {
    if (!ofType("ack").test(frame) || !id.equals(frame.path("id").asText())) {
      throw new AssertionError("expected the ack of " + id + " but got " + frame);
    }
    return frame;
  }
}
