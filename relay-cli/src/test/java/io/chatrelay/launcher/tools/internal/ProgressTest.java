package io.chatrelay.launcher.tools.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldShowRateAndTimeLeft() {
    assertThat(Progress.line(250_000, 1_000_000, 5_000))
        .isEqualTo("250,000/1,000,000 events  50,000 events/s  ETA 0:15");
    assertThat(Progress.line(10, 1_000_000, 1_000)).endsWith("ETA 27:46:39");
    assertThat(Progress.line(5, 5, 1_000)).endsWith("ETA -");
  }

  @Test
  void shouldRedrawABarInPlaceOnATerminal() {
    Progress progress = new Progress("rebuild-views", out, true, clock);
    clock.advance(Duration.ofSeconds(2));

    progress.update(500, 1_000);
    progress.finish();

    assertThat(printed()).startsWith("\rrebuild-views [###############...............]  50%  500/1,000 events")
        .contains("250 events/s").contains("ETA 0:02").endsWith("\r\u001b[K");
  }

  @Test
  void shouldPrintPlainLinesEveryFewSecondsWhenNotATerminal() {
    Progress progress = new Progress("export", out, false, clock);
    clock.advance(Progress.LINE_EVERY);
    progress.update(100, 1_000);
    clock.advance(Duration.ofSeconds(1));
    progress.update(200, 1_000);
    clock.advance(Progress.LINE_EVERY);
    progress.update(300, 1_000);
    progress.finish();

    assertThat(printed().lines()).hasSize(2).allMatch(l -> l.startsWith("export: ")).noneMatch(l -> l.contains("\r"));
    assertThat(printed()).doesNotContain("\u001b");
  }

  @Test
  void shouldNotDrawMoreOftenThanItsInterval() {
    Progress progress = new Progress("export", out, true, clock);
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofMillis(10));
      progress.update(i, 100);
    }

    assertThat(printed().chars().filter(c -> c == '\r').count()).isEqualTo(5);
  }
}
