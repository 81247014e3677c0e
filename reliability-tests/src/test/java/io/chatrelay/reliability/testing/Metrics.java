package io.chatrelay.reliability.testing;

/** Reads single values out of a Prometheus text page, such as a service's {@code /metrics}. */
public final class Metrics {

  private Metrics() {}

  /** The sum of every sample of {@code name} whose labels contain {@code labelFragment}; NaN when none. */
  public static double sum(String page, String name, String labelFragment) {
    if (page == null) {
      return Double.NaN;
    }
    double total = 0;
    boolean found = false;
    for (String line : page.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        if (labelFragment == null || line.contains(labelFragment)) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
    }
    return found ? total : Double.NaN;
  }
}
