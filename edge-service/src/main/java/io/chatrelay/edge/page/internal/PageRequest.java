package io.chatrelay.edge.page.internal;

import io.chatrelay.edge.auth.Identity;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One page request after routing, identity and form reading.
 *
 * @param caller who is asking; anonymous when signed out (a stale or forged cookie counts as signed out)
 * @param nonce this response's script nonce, for the layout
 * @param form the decoded {@code application/x-www-form-urlencoded} fields of a POST, else empty
 * @param userAgent the browser's {@code User-Agent}, or null
 * @param worker where the action's blocking work runs: the server's worker threads
 * @param clientAddress where the request comes from, the key of per-address limits
 */
public record PageRequest(Identity.Caller caller, String nonce, Map<String, String> pathParams,
    Map<String, Deque<String>> query, Map<String, String> form, String userAgent, Executor worker,
    String clientAddress) {

  public String path(String name) {
    return pathParams.get(name);
  }

  public Optional<String> query(String name) {
    Deque<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.peekFirst());
  }

  /** The form field, or empty text when it was not sent. */
  public String field(String name) {
    return form.getOrDefault(name, "");
  }

  public boolean signedIn() {
    return !caller.anonymous();
  }

  public String userId() {
    return caller.userId();
  }
}
