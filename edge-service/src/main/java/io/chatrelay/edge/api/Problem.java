package io.chatrelay.edge.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request that cannot be served, as the client will see it: an RFC 9457 problem. Thrown by endpoints and turned
 * into an {@code application/problem+json} response by {@link Problems}.
 */
public final class Problem extends RuntimeException {

  private final int status;
  private final String slug;
  private final String title;
  private final Map<String, String> headers;

  public Problem(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, Map.of());
  }

  private Problem(int status, String slug, String title, String detail, Map<String, String> headers) {
    // The stack trace is never shown to anyone; skipping it keeps refusals cheap.
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    this.status = status;
    this.slug = Objects.requireNonNull(slug, "slug");
    this.title = Objects.requireNonNull(title, "title");
    this.headers = Map.copyOf(headers);
  }

  public Problem withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Problem(status, slug, title, getMessage(), more);
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "invalid-request", "Invalid request", detail);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthenticated", "Not signed in", detail);
  }

  public static Problem forbidden(String slug, String title, String detail) {
    return new Problem(403, slug, title, detail);
  }

  /** One body for "does not exist" and "is not yours", so a client cannot probe for other users' sessions. */
  public static Problem sessionNotFound() {
    return new Problem(404, "session-not-found", "Session not found", "No such session.");
  }

  public static Problem notFound() {
    return new Problem(404, "not-found", "Not found", "No resource at this path.");
  }

  public static Problem methodNotAllowed(String method) {
    return new Problem(405, "method-not-allowed", "Method not allowed",
        "This resource does not support " + method + ".");
  }

  public static Problem tooLarge(int maxBytes) {
    return new Problem(413, "body-too-large", "Request body too large",
        "The request body must not exceed " + maxBytes + " bytes.");
  }

  /** The caller sends messages faster than its rate limit allows; nothing was stored. */
  public static Problem tooManyRequests(long retryAfterSeconds) {
    return new Problem(429, "rate-limited", "Too many messages",
        "You are sending messages too quickly; nothing was saved. Wait " + retryAfterSeconds
            + " second(s) and send it again.")
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  /**
   * The caller's address or user asked for something more often than this instance allows; nothing was done.
   *
   * @param slug the stable {@code type} naming what was limited
   */
  public static Problem limited(String slug, String title, String detail, long retryAfterSeconds) {
    return new Problem(429, slug, title, detail + " Wait " + retryAfterSeconds + " second(s) and try again.")
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** The user has as many sessions as it may keep; waiting does not help, deleting old ones does. */
  public static Problem tooManySessions(int max) {
    return new Problem(409, "too-many-open-sessions", "Too many open sessions",
        "You have " + max + " open sessions, the most you may keep; nothing was created. Delete sessions you no "
            + "longer need (DELETE /api/v1/sessions/{id}) and try again.");
  }

  /** An {@code Idempotency-Key} already used for another message of the session; nothing was stored. */
  public static Problem keyReused() {
    return new Problem(422, "idempotency-key-reused", "Idempotency-Key already used",
        "This Idempotency-Key was already used for a different message in this session; nothing was saved. Use a new "
            + "key for a new message.");
  }

  public static Problem unavailable(String detail, long retryAfterSeconds) {
    return new Problem(503, "service-unavailable", "Service unavailable", detail)
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  public static Problem internal() {
    return new Problem(500, "internal-error", "Internal error", "The request failed unexpectedly.");
  }
}
