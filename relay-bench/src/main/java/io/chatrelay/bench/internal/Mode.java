package io.chatrelay.bench.internal;

/**
 * How long a scenario runs: {@code FULL} for figures, {@code QUICK} (at most a minute per scenario) to see that
 * nothing regressed, {@code SMOKE} (seconds) only to prove the harness works.
 */
public enum Mode {
  SMOKE, QUICK, FULL;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
