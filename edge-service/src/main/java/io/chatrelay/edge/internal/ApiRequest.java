package io.chatrelay.edge.internal;

import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * One API request, after routing, identity and body reading.
 *
 * @param caller who is calling (anonymous only where the route allows it)
 * @param pathParams the route template's parameters, such as {@code id}
 * @param query the query parameters
 * @param body the raw body, at most {@link RequestRules#MAX_BODY_BYTES}; empty for GET and DELETE
 */
public record ApiRequest(Identity.Caller caller, Map<String, String> pathParams, Map<String, Deque<String>> query,
    byte[] body) {

  public String path(String name) {
    return pathParams.get(name);
  }

  public Optional<String> query(String name) {
    Deque<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.peekFirst());
  }

  public String userId() {
    return caller.userId();
  }
}
