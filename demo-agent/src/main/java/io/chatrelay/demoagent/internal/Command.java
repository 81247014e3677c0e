package io.chatrelay.demoagent.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator commands a message may start with: {@code /slow N [question]}, {@code /fail}, {@code /status
 * [question]}, {@code /stream N [question]}. Anything else is a plain question.
 *
 * @param question the text the persona answers (the message minus the command)
 * @param slowDelay for {@link Kind#SLOW}, how long to wait before answering; otherwise zero
 * @param streamTokens for {@link Kind#STREAM} and {@link Kind#LONG}, how many tokens the long answer has; otherwise
 *     zero
 * @param usageError for {@link Kind#INVALID}, the sentence telling the user how to write the command
 */
public record Command(Kind kind, String question, Duration slowDelay, int streamTokens, String usageError) {

  public enum Kind { ASK, SLOW, FAIL, STATUS, STREAM, LONG, INVALID }

  /** A message is user input; this bounds how long one message can hold a scheduled task. */
  public static final Duration MAX_SLOW = Duration.ofSeconds(60);
  /** Likewise for a stream: long enough to scroll, short enough that one message cannot stream all day. */
  public static final int MAX_STREAM_TOKENS = 5000;

  private static final Pattern SLOW = Pattern.compile("^/slow(?:\\s+(\\S+))?(?:\\s+(.*))?$", Pattern.DOTALL);
  private static final Pattern STATUS = Pattern.compile("^/status(?:\\s+(.*))?$", Pattern.DOTALL);
  private static final Pattern STREAM = Pattern.compile("^/stream(?:\\s+(\\S+))?(?:\\s+(.*))?$", Pattern.DOTALL);
  private static final Pattern LONG = Pattern.compile("^/long(?:\\s+(\\S+))?(?:\\s+(.*))?$", Pattern.DOTALL);
  private static final Pattern FAIL = Pattern.compile("^/fail(?:\\s.*)?$", Pattern.DOTALL);

  public static Command parse(String content) {
    if (FAIL.matcher(content).matches()) {
      return new Command(Kind.FAIL, "", Duration.ZERO, 0, null);
    }
    Matcher status = STATUS.matcher(content);
    if (status.matches()) {
      return new Command(Kind.STATUS, orEmpty(status.group(1)), Duration.ZERO, 0, null);
    }
    Matcher slow = SLOW.matcher(content);
    if (slow.matches()) {
      return parseSlow(slow.group(1), orEmpty(slow.group(2)));
    }
    Matcher stream = STREAM.matcher(content);
    if (stream.matches()) {
      return parseLength(Kind.STREAM, stream.group(1), orEmpty(stream.group(2)));
    }
    Matcher whole = LONG.matcher(content);
    if (whole.matches()) {
      return parseLength(Kind.LONG, whole.group(1), orEmpty(whole.group(2)));
    }
    return new Command(Kind.ASK, content, Duration.ZERO, 0, null);
  }

  private static Command parseSlow(String millis, String question) {
    String usage = "Usage: /slow <milliseconds> [question], with milliseconds from 0 to " + MAX_SLOW.toMillis() + ".";
    if (millis == null || !millis.matches("\\d{1,9}")) {
      return new Command(Kind.INVALID, question, Duration.ZERO, 0, usage);
    }
    Duration delay = Duration.ofMillis(Long.parseLong(millis));
    if (delay.compareTo(MAX_SLOW) > 0) {
      return new Command(Kind.INVALID, question, Duration.ZERO, 0, usage);
    }
    return new Command(Kind.SLOW, question, delay, 0, null);
  }

  private static Command parseLength(Kind kind, String count, String question) {
    String usage = "Usage: /" + kind.name().toLowerCase(java.util.Locale.ROOT) + " <tokens> [question], with tokens "
        + "from 1 to " + MAX_STREAM_TOKENS + ".";
    // At most 9 digits, so that parsing cannot overflow; the range is checked after.
    if (count == null || !count.matches("\\d{1,9}")) {
      return new Command(Kind.INVALID, question, Duration.ZERO, 0, usage);
    }
    int tokens = Integer.parseInt(count);
    if (tokens < 1 || tokens > MAX_STREAM_TOKENS) {
      return new Command(Kind.INVALID, question, Duration.ZERO, 0, usage);
    }
    return new Command(kind, question, Duration.ZERO, tokens, null);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
