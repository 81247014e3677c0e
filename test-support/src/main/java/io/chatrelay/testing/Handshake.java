package io.chatrelay.testing;

import java.net.http.HttpResponse;

/**
 * What came of a WebSocket handshake: the open socket, or the status, body and {@code Retry-After} it was refused
 * with. A test of who may connect needs the refusal as a value; a test that only wants a socket calls {@link #opened()}.
 *
 * @param socket the open socket, or null when refused
 * @param refusedStatus the refusal's HTTP status, or 0 when upgraded
 */
public record Handshake<S extends JsonSocket>(S socket, int refusedStatus, String refusedBody, String retryAfter) {

  static <S extends JsonSocket> Handshake<S> upgraded(S socket) {
    return new Handshake<>(socket, 0, null, null);
  }

  static <S extends JsonSocket> Handshake<S> refused(HttpResponse<?> response) {
    Object body = response.body();
    return new Handshake<>(null, response.statusCode(), body == null ? null : body.toString(),
        response.headers().firstValue("Retry-After").orElse(null));
  }

  public boolean upgraded() {
    return socket != null;
  }

  /** The open socket; fails, naming the refusal, when there is none. */
  public S opened() {
    if (socket == null) {
      throw new AssertionError("handshake refused with " + refusedStatus + " " + refusedBody);
    }
    return socket;
  }
}
