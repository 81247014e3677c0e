package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * How the {@code exchange} scenario runs in each mode.
 *
 * @param steps the product's measured steps; a sweep stops at the first one not sustained
 * @param directSteps the direct relay baseline's
 */
public record ExchangeSettings(int clients, Step warmup, List<Step> steps, Step directWarmup, List<Step> directSteps,
    boolean sweep, int drainSeconds, int producerSeconds, List<Integer> producerThreads, int redisRequests,
    int historySample) {

  /** The rates a sweep tries, each for the step duration, until one is not sustained. */
  static final int[] SWEEP_RATES = {250, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000, 10_000,
      12_000, 15_000, 20_000};

  /**
   * The product's warm-up is long because its JVM starts cold and holds the broker, Kafka Streams and four services:
   * C2 keeps compiling (hundreds of compilations of over 100 ms each) for about three minutes after the start of a
   * 1,000-client run, taking 15 % of the CPU, and a measurement taken meanwhile says more about the JIT than about the
   * product. The full warm-up therefore runs three minutes, at a rate close to the first step's.
   *
   * @param clients, rate, seconds overrides from the command line, or null
   */
  public static ExchangeSettings of(Mode mode, boolean sweep, Integer clients, Integer rate, Integer seconds) {
    return switch (mode) {
      case SMOKE -> new ExchangeSettings(or(clients, 20), new Step(100, 1), steps(sweep, rate, 200, or(seconds, 1)),
          new Step(100, 1), steps(sweep, rate, 200, or(seconds, 1)), sweep, 5, 1, List.of(1, 16), 20_000, 3);
      case QUICK -> new ExchangeSettings(or(clients, 200), new Step(500, 8),
          steps(sweep, rate, 1_000, or(seconds, sweep ? 4 : 10)), new Step(500, 3),
          steps(sweep, rate, 1_000, or(seconds, sweep ? 2 : 5)), sweep, 5, 2, List.of(16), 100_000, 10);
      case FULL -> new ExchangeSettings(or(clients, 1_000), new Step(800, 180),
          sweep || rate != null ? steps(sweep, rate, 0, or(seconds, 60)) : List.of(new Step(1_000, or(seconds, 60)),
              new Step(10_000, or(seconds, 60))), new Step(500, 5),
          sweep || rate != null ? steps(sweep, rate, 0, or(seconds, 20)) : List.of(new Step(1_000, 30),
              new Step(10_000, 30)),
          sweep, 15, 10, List.of(1, 16), 1_000_000, 20);
    };
  }

  private static List<Step> steps(boolean sweep, Integer rate, int defaultRate, int seconds) {
    if (sweep) {
      List<Step> steps = new ArrayList<>();
      for (int r : SWEEP_RATES) {
        steps.add(new Step(r, seconds));
      }
      return steps;
    }
    return List.of(new Step(or(rate, defaultRate), seconds));
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
