package io.chatrelay.edge.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: a status, a body written as JSON, and extra headers (such as {@code Set-Cookie}). */
public record Reply(int status, Object body, Map<String, String> headers) {

  public Reply {
    headers = Map.copyOf(headers);
  }

  public static Reply ok(Object body) {
    return new Reply(200, body, Map.of());
  }

  public static Reply created(Object body) {
    return new Reply(201, body, Map.of());
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, more);
  }
}
