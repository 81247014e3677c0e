package io.chatrelay.launcher.tools.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Times on the command line: an ISO-8601 instant ({@code 2026-01-15T10:00:00Z}), a date-time or a date without
 * zone (taken as UTC: {@code 2026-01-15T10:00}, {@code 2026-01-15}), {@code now}, or an age such as {@code 2h},
 * {@code 30m}, {@code 7d} (that long before now).
 */
public final class TimeArg implements CommandLine.ITypeConverter<Instant> {

  private static final Pattern AGO = Pattern.compile("(\\d{1,6})([smhd])");

  private final Clock clock;

  public TimeArg() {
    this(Clock.systemUTC());
  }

  public TimeArg(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Instant convert(String value) {
    String text = value.trim();
    if (text.equalsIgnoreCase("now")) {
      return clock.instant();
    }
    Matcher ago = AGO.matcher(text.toLowerCase(Locale.ROOT));
    if (ago.matches()) {
      long amount = Long.parseLong(ago.group(1));
      Duration unit = switch (ago.group(2)) {
        case "s" -> Duration.ofSeconds(1);
        case "m" -> Duration.ofMinutes(1);
        case "h" -> Duration.ofHours(1);
        default -> Duration.ofDays(1);
      };
      return clock.instant().minus(unit.multipliedBy(amount));
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notDateTime) {
        try {
          return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new CommandLine.TypeConversionException("'" + value + "' is not a time: use 2026-01-15T10:00:00Z, "
              + "2026-01-15T10:00 (UTC), 2026-01-15, now, or an age such as 2h, 30m, 7d");
        }
      }
    }
  }
}
