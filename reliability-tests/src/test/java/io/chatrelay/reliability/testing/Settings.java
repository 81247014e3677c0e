package io.chatrelay.reliability.testing;

/**
 * Sizes of the tests: the CI defaults keep the whole module within a few minutes on a small machine; system
 * properties ask for the long variants ({@code -Dreliability.full=true} sets all of them to the figures).
 */
public final class Settings {

  private Settings() {}

  public static boolean full() {
    return Boolean.getBoolean("reliability.full");
  }

  /** An integer property, the full-size value when {@code reliability.full} is set, else the CI value. */
  public static int integer(String name, int ci, int fullSize) {
    String value = System.getProperty("reliability." + name);
    if (value != null) {
      return Integer.parseInt(value.trim());
    }
    return full() ? fullSize : ci;
  }
}
