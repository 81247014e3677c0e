package io.chatrelay.edge.page.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How pages show times. The server does not know the reader's time zone, so it writes UTC and says so; the page's
 * script rewrites each {@code <time>} into the browser's own zone.
 */
public final class Times {

  private static final DateTimeFormatter DISPLAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm 'UTC'", Locale.UK).withZone(ZoneOffset.UTC);

  private Times() {}

  public static String display(Instant instant) {
    return DISPLAY.format(instant);
  }

  /** Formats an ISO-8601 timestamp as stored in the views; unreadable input is shown as it is. */
  public static String display(String iso) {
    if (iso == null || iso.isEmpty()) {
      return "";
    }
    try {
      return display(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
