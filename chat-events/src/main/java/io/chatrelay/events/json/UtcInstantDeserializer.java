package io.chatrelay.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the one timestamp form this product writes, {@code 2026-11-25T23:34:05.123Z} (UTC, 0 to 9 fraction digits),
 * without {@code DateTimeFormatter}: every event carries one, every reader parses every event, and the formatter's
 * general parser was a third of the time spent reading an event. Anything else (offsets, leap seconds, numbers,
 * years beyond four digits) goes to Jackson's own {@link InstantDeserializer}, so what is accepted and how it reads
 * is unchanged.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> {

  private static final long serialVersionUID = 1L;
  private static final int SHORTEST = "2000-01-01T00:00:00Z".length();
  private static final int LONGEST = "2000-01-01T00:00:00.123456789Z".length();
  private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10,
      1};

  UtcInstantDeserializer() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.hasToken(JsonToken.VALUE_STRING)) {
      Instant fast = parse(parser.getText());
      if (fast != null) {
        return fast;
      }
    }
    return InstantDeserializer.INSTANT.deserialize(parser, context);
  }

  /** The instant {@code text} names, or null when it is not exactly the canonical UTC form. */
  static Instant parse(String text) {
    int length = text.length();
    if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1 || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (length > SHORTEST) {
      if (text.charAt(19) != '.') {
        return null;
      }
      int fractionDigits = length - SHORTEST - 1;
      int fraction = digits(text, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction * NANO_SCALE[fractionDigits];
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code text} at {@code from}, {@code count} digits long; -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
