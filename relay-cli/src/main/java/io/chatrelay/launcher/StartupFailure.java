package io.chatrelay.launcher;

import java.net.BindException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up failures a person fixes without reading a stack trace, told in one line. Today: a port that something
 * else already listens on. Each listener names itself in its failure ("Cannot listen on host:port (SETTING)"), so
 * the line says which setting to change.
 */
final class StartupFailure {

  private static final Pattern WHERE =
      Pattern.compile("(?i)cannot (?:listen|start ops endpoints) on (\\S+)( \\(.+\\))?");

  private StartupFailure() {}

  /** Whether {@code failure} comes from binding a port that is taken. */
  static boolean portTaken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  /** The one line to print for {@code failure}, or empty when it is not one of these. */
  static Optional<String> explain(Throwable failure) {
    if (!portTaken(failure)) {
      return Optional.empty();
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher where = t.getMessage() == null ? null : WHERE.matcher(t.getMessage());
      if (where != null && where.find()) {
        String setting = where.group(2) == null ? "" : where.group(2);
        return Optional.of("relay: cannot listen on " + where.group(1) + setting
            + ": the port is already in use. Stop what uses it, or choose another port.");
      }
    }
    return Optional.of("relay: a port this needs is already in use (" + rootMessage(failure)
        + "). Stop what uses it, or choose another port.");
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
