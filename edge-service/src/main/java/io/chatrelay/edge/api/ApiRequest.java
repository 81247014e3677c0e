package io.chatrelay.edge.api;

import io.chatrelay.edge.auth.Identity;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One API request, after routing, identity and body reading.
 *
 * @param caller who is calling (anonymous only where the route allows it)
 * @param pathParams the route template's parameters, such as {@code id}
 * @param query the query parameters
 * @param headers the request headers an endpoint reads ({@link #HEADERS_READ}), by lower-case name
 * @param body the raw body, at most {@link RequestRules#MAX_BODY_BYTES}; empty for GET and DELETE
 * @param worker where the endpoint's blocking work runs: the server's worker threads
 * @param clientAddress where the request comes from ({@link ClientAddress}), the key of per-address limits
 */
public record ApiRequest(Identity.Caller caller, Map<String, String> pathParams, Map<String, Deque<String>> query,
    Map<String, String> headers, byte[] body, Executor worker, String clientAddress) {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  /** The only request headers endpoints see. */
  public static final Set<String> HEADERS_READ = Set.of(IDEMPOTENCY_KEY);

  public String path(String name) {
    return pathParams.get(name);
  }

  public Optional<String> query(String name) {
    Deque<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.peekFirst());
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  public String userId() {
    return caller.userId();
  }
}
