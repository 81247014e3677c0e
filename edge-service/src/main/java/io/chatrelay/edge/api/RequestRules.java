package io.chatrelay.edge.api;

import io.chatrelay.events.AnswerFeedback;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The rules every request input obeys; each refusal says what was wrong with which input. */
public final class RequestRules {

  public static final int MAX_BODY_BYTES = 16 * 1024;
  public static final int MAX_CONTENT_CODE_POINTS = 1000;
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_METADATA_TEXT = 512;

  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern SESSION_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern SMALL_NUMBER = Pattern.compile("[0-9]{1,3}");
  private static final Pattern OFFSET = Pattern.compile("[0-9]{1,18}");
  /** Visible ASCII: what a header carries safely; at most as long as a WebSocket frame's id. */
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,64}");

  private RequestRules() {}

  public static boolean isUserId(String value) {
    return value != null && USER_ID.matcher(value).matches();
  }

  public static String requireUserId(String value) {
    if (!isUserId(value)) {
      throw Problem.badRequest("userId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '@' or '-'.");
    }
    return value;
  }

  /** Session ids are lowercase UUIDs as the edge issues them; anything else cannot exist, so it is "not found". */
  public static String requireSessionId(String value) {
    if (value == null || !SESSION_ID.matcher(value).matches()) {
      throw Problem.sessionNotFound();
    }
    return value;
  }

  /** The message text, trimmed; 1..1000 characters counted as code points, so an emoji counts once. */
  public static String requireContent(String raw) {
    String content = raw.strip();
    int length = content.codePointCount(0, content.length());
    if (length == 0) {
      throw Problem.badRequest("content must not be empty or only whitespace.");
    }
    if (length > MAX_CONTENT_CODE_POINTS) {
      throw Problem.badRequest("content must be at most " + MAX_CONTENT_CODE_POINTS + " characters (was "
          + length + ").");
    }
    return content;
  }

  /** The id of a user message whose answer is stopped or rated: a UUID, as the log gives event ids. */
  public static UUID requireMessageId(String raw, String field) {
    if (raw == null || !SESSION_ID.matcher(raw).matches()) {
      throw Problem.badRequest(field + " must be the id of a message of this session (a lowercase UUID).");
    }
    return UUID.fromString(raw);
  }

  /** A rating of an answer: {@code up} or {@code down}. */
  public static String requireRating(String raw) {
    if (raw == null || !AnswerFeedback.RATINGS.contains(raw)) {
      throw Problem.badRequest("rating must be \"up\" or \"down\".");
    }
    return raw;
  }

  /** An optional comment on a rating, trimmed: absent or blank is none; at most 1000 characters. */
  public static String optionalComment(Optional<String> raw) {
    if (raw.isEmpty() || raw.get().isBlank()) {
      return null;
    }
    String comment = raw.get().strip();
    int length = comment.codePointCount(0, comment.length());
    if (length > AnswerFeedback.MAX_COMMENT) {
      throw Problem.badRequest("comment must be at most " + AnswerFeedback.MAX_COMMENT + " characters (was "
          + length + ").");
    }
    return comment;
  }

  /**
   * An {@code Idempotency-Key}: 1 to 64 visible ASCII characters. A key in double quotes, as a structured-field
   * string writes it, is the same key without them.
   */
  public static String requireIdempotencyKey(String raw) {
    String key = raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")
        ? raw.substring(1, raw.length() - 1) : raw;
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw Problem.badRequest("Idempotency-Key must be 1 to 64 visible ASCII characters, such as a UUID.");
    }
    return key;
  }

  /** The page size: absent means {@value #DEFAULT_LIMIT}; otherwise a whole number from 1 to 100. */
  public static int limit(Optional<String> raw) {
    if (raw.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    String value = raw.get();
    if (!SMALL_NUMBER.matcher(value).matches()) {
      throw Problem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
    int limit = Integer.parseInt(value);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Problem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + " (was " + limit + ").");
    }
    return limit;
  }

  /** The exclusive upper bound of {@code seq} when paging back, or empty. */
  public static Optional<Long> before(Optional<String> raw) {
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (!OFFSET.matcher(raw.get()).matches()) {
      throw Problem.badRequest("before must be a message seq (a non-negative whole number).");
    }
    return Optional.of(Long.parseLong(raw.get()));
  }
}
