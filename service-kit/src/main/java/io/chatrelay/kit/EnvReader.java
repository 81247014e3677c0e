package io.chatrelay.kit;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads typed settings from an environment map, so config records can be built from {@code System.getenv()} in
 * production and from a plain map in tests. Every failure names the variable and the bad value.
 */
public final class EnvReader {

  private final Map<String, String> env;

  public EnvReader(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** The value, or {@code fallback} when unset or blank. */
  public String string(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public boolean isSet(String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  public int integer(String name, int fallback, int min, int max) {
    String raw = string(name, null);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw invalid(name, raw, "must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "must be a whole number");
    }
  }

  public double decimal(String name, double fallback, double min, double max) {
    String raw = string(name, null);
    if (raw == null) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(raw);
      if (!(value >= min && value <= max)) {
        throw invalid(name, raw, "must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "must be a number");
    }
  }

  /** A duration in milliseconds, such as {@code 250}. */
  public Duration millis(String name, Duration fallback, Duration min, Duration max) {
    String raw = string(name, null);
    if (raw == null) {
      return fallback;
    }
    Duration value;
    try {
      value = Duration.ofMillis(Long.parseLong(raw));
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "must be a whole number of milliseconds");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(name, raw, "must be between " + min.toMillis() + " and " + max.toMillis() + " ms");
    }
    return value;
  }

  public boolean bool(String name, boolean fallback) {
    String raw = string(name, null);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw invalid(name, raw, "must be true or false");
    };
  }

  /**
   * Every variable starting with {@code prefix}, renamed to a client property: {@code KAFKA_LINGER_MS} becomes
   * {@code linger.ms}. These go to the Kafka clients untouched.
   */
  public Map<String, String> passThrough(String prefix) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((key, value) -> {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        out.put(key.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return out;
  }

  public static IllegalArgumentException invalid(String name, String value, String why) {
    return new IllegalArgumentException(name + "='" + value + "' is invalid: " + why);
  }
}
