package io.chatrelay.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrTest {

  private static final int CHUNK = 64 * 1024;
  private static final long ALLOCATED = 256L << 20;

  /** Keeps the last chunk reachable so that the allocation cannot be optimised away. */
  private static volatile byte[] sink;

  @TempDir
  Path dir;

  @Test
  void shouldNameWhereTheBytesWereAllocatedAndTheCollectorsPauses() throws Exception {
    Path file = dir.resolve("recording.jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.start();
      allocateChunks();
      System.gc();
      recording.stop();
      recording.dump(file);
    }

    Jfr.HotSpots spots = Jfr.summarise(file, 5);

    Jfr.Allocation allocation = spots.allocation();
    // Sampled, so an estimate: bytes (weights), not a count of samples, and of the order allocated.
    assertThat(allocation.bytes()).isBetween(16L << 20, ALLOCATED * 4);
    String here = JfrTest.class.getName() + ".allocateChunks";
    assertThat(allocation.productFrames()).containsKey(here);
    assertThat(allocation.productFrames().get(here)).isGreaterThan(allocation.bytes() / 2);
    assertThat(allocation.classes().keySet()).first().isEqualTo("[B");
    assertThat(spots.pauses().count()).isPositive();
    assertThat(spots.pauses().totalMs()).isPositive();
    assertThat(spots.pauses().longestMs()).isPositive().isLessThanOrEqualTo(spots.pauses().totalMs());
    assertThat(spots.pauses().share()).isBetween(0.0, 1.0);
  }

  @Test
  void shouldReportNothingForAMissingRecording() {
    Jfr.HotSpots spots = Jfr.summarise(dir.resolve("absent.jfr"), 5);

    assertThat(spots.samples()).isZero();
    assertThat(spots.allocation().bytes()).isZero();
    assertThat(spots.pauses().count()).isZero();
    assertThat(spots.pauses().share()).isZero();
  }

  /**
   * Spread over a second: allocation samples are throttled per time window, and the bytes after a thread's last sample
   * count only at its next one, so one short burst would be mostly unweighed.
   */
  private static void allocateChunks() throws InterruptedException {
    int bursts = 32;
    for (int burst = 0; burst < bursts; burst++) {
      for (long done = 0; done < ALLOCATED / bursts; done += CHUNK) {
        sink = new byte[CHUNK];
      }
      Thread.sleep(30);
    }
  }
}
