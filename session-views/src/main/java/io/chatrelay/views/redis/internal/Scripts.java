package io.chatrelay.views.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua sources that write the views. */
public final class Scripts {

  public static final String APPLY_EVENT = read("apply-event.lua");
  public static final String ADVANCE_POSITIONS = read("advance-positions.lua");
  public static final String SWITCH_PREFIX = read("switch-prefix.lua");

  private Scripts() {}

  private static String read(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("script " + name + " missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script " + name, e);
    }
  }
}
