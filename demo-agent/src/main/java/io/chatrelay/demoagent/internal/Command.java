package io.chatrelay.demoagent.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator commands a message may start with: {@code /slow N [question]}, {@code /fail}, {@code /status
 * [question]}. Anything else is a plain question.
 *
 * @param question the text the persona answers (the message minus the command)
 * @param slowDelay for {@link Kind#SLOW}, how long to wait before answering; otherwise zero
 * @param usageError for {@link Kind#INVALID}, the sentence telling the user how to write the command
 */
public record Command(Kind kind, String question, Duration slowDelay, String usageError) {

  public enum Kind { ASK, SLOW, FAIL, STATUS, INVALID }

  /** A message is user input; this bounds how long one message can hold a scheduled task. */
  public static final Duration MAX_SLOW = Duration.ofSeconds(60);

  private static final Pattern SLOW = Pattern.compile("^/slow(?:\\s+(\\S+))?(?:\\s+(.*))?$", Pattern.DOTALL);
  private static final Pattern STATUS = Pattern.compile("^/status(?:\\s+(.*))?$", Pattern.DOTALL);
  private static final Pattern FAIL = Pattern.compile("^/fail(?:\\s.*)?$", Pattern.DOTALL);

  public static Command parse(String content) {
    if (FAIL.matcher(content).matches()) {
      return new Command(Kind.FAIL, "", Duration.ZERO, null);
    }
    Matcher status = STATUS.matcher(content);
    if (status.matches()) {
      return new Command(Kind.STATUS, orEmpty(status.group(1)), Duration.ZERO, null);
    }
    Matcher slow = SLOW.matcher(content);
    if (slow.matches()) {
      return parseSlow(slow.group(1), orEmpty(slow.group(2)));
    }
    return new Command(Kind.ASK, content, Duration.ZERO, null);
  }

  private static Command parseSlow(String millis, String question) {
    String usage = "Usage: /slow <milliseconds> [question], with milliseconds from 0 to " + MAX_SLOW.toMillis() + ".";
    if (millis == null || !millis.matches("\\d{1,9}")) {
      return new Command(Kind.INVALID, question, Duration.ZERO, usage);
    }
    Duration delay = Duration.ofMillis(Long.parseLong(millis));
    if (delay.compareTo(MAX_SLOW) > 0) {
      return new Command(Kind.INVALID, question, Duration.ZERO, usage);
    }
    return new Command(Kind.SLOW, question, delay, null);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
