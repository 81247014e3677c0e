package io.chatrelay.bench.load.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's one-minute load average, for the figures' context; -1 where /proc is not there. */
public final class LoadAverage {

  private LoadAverage() {}

  public static double now() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
