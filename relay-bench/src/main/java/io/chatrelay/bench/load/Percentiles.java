package io.chatrelay.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Latency figures of one measurement, in milliseconds.
 *
 * @param count how many values were recorded
 */
public record Percentiles(long count, double mean, double p50, double p90, double p99, double p999, double max) {

  public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0, 0);

  /** A histogram whose values are microseconds, from 1 µs to 10 minutes at 3 significant digits. */
  public static Histogram newMicrosHistogram() {
    return new Histogram(1, 600_000_000L, 3);
  }

  /** Reads a copy: the histogram may be recorded into meanwhile (a ConcurrentHistogram copies safely). */
  public static Percentiles ofMicros(Histogram live) {
    Histogram h = live.copy();
    if (h.getTotalCount() == 0) {
      return NONE;
    }
    return new Percentiles(h.getTotalCount(), h.getMean() / 1000.0, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
        h.getMaxValue() / 1000.0);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
